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

    /// <summary>A causal language model (<see cref="OnnxTasks.CausalLm"/>): how to decode with the graph; null for classifiers.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public OnnxGeneration? Generation { get; init; }
}

public static class OnnxTasks
{
    public const string Classification = "classification";

    /// <summary>
    /// A decoder with its language-model head: <c>logits</c> [batch, sequence, vocab] for the next token at
    /// every position, and (with <see cref="OnnxGeneration.PastKeyValues"/>) the key/value cache in and out.
    /// </summary>
    public const string CausalLm = "causal-lm";
}

/// <summary>
/// What greedy decoding needs beside the graph. With <see cref="PastKeyValues"/>, the graph takes
/// <c>past_key_values.N.key|value</c> [batch, key_value_heads, past_sequence, head_dim] (empty on the
/// first step) and returns <c>present.N.key|value</c> with this step's positions appended, as Hugging
/// Face Optimum names them; <c>attention_mask</c> covers past and new positions (1 real, 0 padding), and
/// positions are counted over real tokens only, so prompts are left-padded.
/// </summary>
public sealed record OnnxGeneration(int Layers, int KeyValueHeads, int HeadDim, int MaxPositions, int? BosTokenId, IReadOnlyList<int> EosTokenIds, int PadTokenId, bool PastKeyValues)
{
    /// <summary>A sliding window the graph does not compute (Qwen2's; Mistral's too in exports made before the graph applied it): prompt plus new tokens must fit in it; null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? SlidingWindow { get; init; }
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
