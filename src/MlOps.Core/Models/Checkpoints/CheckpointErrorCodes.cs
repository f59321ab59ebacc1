namespace MlOps.Core.Models.Checkpoints;

/// <summary>Stable codes for model and checkpoint problems (MLOPS300–399).</summary>
public static class CheckpointErrorCodes
{
    /// <summary>The checkpoint's tensors do not match the model: missing, unexpected or mis-shaped.</summary>
    public const string Mismatch = "MLOPS301";
    /// <summary>The checkpoint file cannot be read (format, truncation, unknown extension).</summary>
    public const string Unreadable = "MLOPS302";
    /// <summary>base.model names no built-in and no [FineTuneModel] class.</summary>
    public const string UnknownModel = "MLOPS303";
    /// <summary>The model cannot be built for this data (e.g. cnn-small on tabular rows).</summary>
    public const string IncompatibleShape = "MLOPS304";
    /// <summary>head: keep, but the checkpoint's classes differ from the data's.</summary>
    public const string HeadMismatch = "MLOPS305";
    /// <summary>A --models-assembly path is missing or not a .NET assembly.</summary>
    public const string ModelsAssemblyUnloadable = "MLOPS306";
}
