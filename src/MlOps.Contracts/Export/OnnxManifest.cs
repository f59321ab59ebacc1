using System.Text.Json.Serialization;

namespace MlOps.Contracts.Export;

/// <summary>
/// <c>onnx/model.json</c>: what a consumer of <c>onnx/model.onnx</c> needs besides the graph — its
/// inputs and output, the class labels in logit order, and the preprocessing the graph does not do.
/// TorchSharp-free, so MlOps.Runtime reads it without the trainer. docs/onnx-export.md describes it.
/// </summary>
public sealed record OnnxManifest
{
    /// <summary>Bumped when a field changes meaning; readers refuse versions they do not know.</summary>
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The model family (<c>mlp</c>, <c>cnn-small</c>, <c>resnet18</c>, <c>bert</c>, …).</summary>
    public required string Family { get; init; }

    /// <summary><c>classification</c>: the output is one logit per class; softmax gives the probabilities.</summary>
    public string Task { get; init; } = OnnxTasks.Classification;

    public required int Opset { get; init; }

    /// <summary>The graph file beside this one.</summary>
    public string Model { get; init; } = OnnxExportLayout.ModelFileName;

    /// <summary>The graph's inputs, in order.</summary>
    public required IReadOnlyList<OnnxTensorInfo> Inputs { get; init; }

    /// <summary>The graph's output: <c>logits</c>, [batch, classes] float32.</summary>
    public required OnnxTensorInfo Output { get; init; }

    /// <summary>Class labels in logit order (index i is the label of logits[:, i]).</summary>
    public required IReadOnlyList<string> Classes { get; init; }

    /// <summary>What turns a raw example into the graph's input (one of its members is set, as <see cref="OnnxPreprocessing.Kind"/> says).</summary>
    public required OnnxPreprocessing Preprocessing { get; init; }

    /// <summary>The run that exported the model: spec name and fingerprint, for provenance.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public OnnxProvenance? Provenance { get; init; }
}

public static class OnnxTasks
{
    public const string Classification = "classification";
}

/// <summary>
/// One graph input or output. <see cref="Shape"/> holds -1 for a dynamic axis, and
/// <see cref="AxisNames"/> (same length) names it as the graph does (<c>batch</c>, <c>sequence</c>); null for a fixed axis.
/// </summary>
public sealed record OnnxTensorInfo(string Name, string Dtype, IReadOnlyList<long> Shape, IReadOnlyList<string?> AxisNames);

/// <summary>The element types the manifest names (ONNX's, lower case).</summary>
public static class OnnxDtypes
{
    public const string Float32 = "float32";
    public const string Int64 = "int64";
}

public sealed record OnnxProvenance(string Spec, string? Fingerprint, string ToolVersion);
