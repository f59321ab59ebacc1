namespace MlOps.Runtime;

/// <summary>Stable diagnostic codes of MlOps.Runtime (MLOPS365–369, in the models range).</summary>
public static class RuntimeErrorCodes
{
    /// <summary>No exported model where <see cref="FineTunedModel.Load"/> looked (a spec name, a folder path).</summary>
    public const string ModelNotFound = "MLOPS365";
    /// <summary>The folder is there but this runtime cannot use it: model.json unreadable or of another format version, model.onnx or a tokenizer file missing, not a classifier, or the call does not fit its input kind.</summary>
    public const string ModelIncompatible = "MLOPS366";
    /// <summary>An input does not fit the model: a missing column, a value that is not a number, a pixel buffer of the wrong size, a picture that is missing or cannot be decoded.</summary>
    public const string InputInvalid = "MLOPS367";
    /// <summary>ONNX Runtime could not load or run the graph (native library missing, graph refused).</summary>
    public const string RuntimeFailed = "MLOPS368";
    /// <summary>The assembly embeds no model of that spec name (FineTuneSpec Embed="true").</summary>
    public const string EmbeddedModelNotFound = "MLOPS369";
}
