using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Export;
using MlOps.Core.Export.Graphs;
using MlOps.Core.Models;
using MlOps.Core.Models.Decoders;
using MlOps.Core.Models.Speech;
using MlOps.Core.Models.Transformers;
using MlOps.Core.Models.Vision;

namespace MlOps.Core.Export;

/// <summary>
/// Which graph a model exports as, by its module type. A family without one (a user's own
/// [FineTuneModel] class, a family added later) is MLOPS350 before anything is written.
/// </summary>
internal static class OnnxFamilyGraphs
{
    /// <summary>The base.model names that export today (docs/onnx-export.md lists the same).</summary>
    public static readonly IReadOnlyList<string> Exportable = ["mlp", "cnn-small", "resnet18", "resnet50", "bert", "distilbert", "roberta", "audio-cnn", "llama", "mistral", "qwen2", "gpt2", "wav2vec2", "hubert"];

    public static FamilyGraph For(FineTuneModule model, int[] sampleShape, int opset) => model switch
    {
        MlpModel => new MlpGraph(sampleShape.Aggregate(1, (a, b) => a * b)),
        SmallCnnModel when sampleShape is [var c, var h, var w] => new SmallCnnGraph(c, h, w),
        ResNetModel resnet when sampleShape is [var c, var h, var w] => new ResNetGraph(resnet.Variant, c, h, w),
        TransformerClassifier transformer => new TransformerGraph(transformer.Config),
        AudioCnnModel when sampleShape is [var c, var mels, _] => new AudioCnnGraph(c, mels),
        SpeechClassifier speech => new SpeechGraph(speech.Config, opset),
        DecoderClassifier decoder => new DecoderGraph(decoder.Config, opset, languageModel: false, cache: false),
        _ => throw new MlOpsException(Diagnostic.Error(ExportErrorCodes.FamilyNotExportable,
            $"model '{model.GetName()}' ({model.GetType().Name}) has no ONNX exporter yet; MlOps exports {string.Join(", ", Exportable)}: remove `export:` from the spec (and any `{{ export: onnx }}` gate) to train it without one",
            SourceLocation.None(""))),
    };
}
