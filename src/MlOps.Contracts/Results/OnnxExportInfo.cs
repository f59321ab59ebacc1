using System.Text.Json.Serialization;

namespace MlOps.Contracts.Results;

/// <summary>
/// result.json's <c>export</c>: the ONNX folder a run wrote (export: { onnx: true }) and how the graph,
/// run by ONNX Runtime, agrees with the TorchSharp model on the validation split.
/// </summary>
public sealed record OnnxExportInfo(string Folder, string Model, string Manifest, string Family, int Opset, long ModelBytes)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public OnnxParity? Parity { get; init; }
}

/// <summary>
/// ONNX Runtime against TorchSharp (eval mode) on the same encoded rows of <see cref="Split"/>: the largest
/// absolute logit difference, how often the predicted class agrees, and each metric by both with
/// <see cref="Differences"/> = ONNX Runtime − TorchSharp.
/// </summary>
public sealed record OnnxParity(
    string Split,
    int Rows,
    double MaxAbsLogitDiff,
    double PredictionAgreement,
    IReadOnlyDictionary<string, double> TorchSharp,
    IReadOnlyDictionary<string, double> OnnxRuntime,
    IReadOnlyDictionary<string, double> Differences)
{
    /// <summary>The ONNX Runtime version that ran the graph.</summary>
    public string Runtime { get; init; } = "";
}
