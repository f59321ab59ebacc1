namespace MlOps.Build;

/// <summary>Diagnostics raised by the MSBuild integration itself (range 800–899).</summary>
public static class BuildErrorCodes
{
    /// <summary>The runner exited with an unexpected code and reported no diagnostic of its own.</summary>
    public const string RunnerFailed = "MLOPS801";
    /// <summary>The runner finished but its result.json is missing or unreadable.</summary>
    public const string ResultUnreadable = "MLOPS802";
    /// <summary>Specs depend on each other's outputs in a cycle (base.checkpoint).</summary>
    public const string SpecCycle = "MLOPS803";
    /// <summary>The runner ran longer than MlOpsTimeout and was stopped.</summary>
    public const string RunnerTimedOut = "MLOPS804";
    /// <summary>Two FineTuneSpec items have the same spec name, so they would share an output folder.</summary>
    public const string DuplicateSpecName = "MLOPS805";
    /// <summary>The spec could not be read at all (I/O failure or an internal loader failure).</summary>
    public const string SpecUnreadable = "MLOPS806";
    /// <summary>MlOpsTorchBackend has a value other than cpu or cuda.</summary>
    public const string UnknownTorchBackend = "MLOPS807";
    /// <summary>A spec with CopyToOutput or Embed passed but its run exported no model (no onnx/model.onnx); raised by build/MlOps.Build.Models.targets.</summary>
    public const string ModelNotExported = "MLOPS810";
    /// <summary>TorchSharp's native library could not be made loadable on this machine (libstdc++ too old).</summary>
    public const string LibTorchPatchFailed = "MLOPS901";
}
