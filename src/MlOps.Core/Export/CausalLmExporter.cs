using System.Text.Json.Nodes;
using MlOps.Contracts.Export;
using MlOps.Core.Export.Graphs;
using MlOps.Core.Models.Adapters;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Decoders;
using MlOps.Text;

namespace MlOps.Core.Export;

/// <summary>What a language model's export needs besides the model: its tokenizer (optional), the opset, whether to include the KV cache.</summary>
internal sealed record CausalLmExportRequest(TextTokenizer? Tokenizer, int Opset, bool PastKeyValues = true)
{
    public OnnxProvenance? Provenance { get; init; }
}

/// <summary>
/// Writes <c>onnx/</c> from a <see cref="DecoderForCausalLm"/> (LoRA merged): the decoder graph with its
/// language-model head and, by default, the key/value cache under Optimum's names; model.json with
/// task <c>causal-lm</c> and what greedy decoding needs (bos/eos/pad, the cache's layout); the tokenizer files.
/// </summary>
internal static class CausalLmExporter
{
    public static OnnxManifest Write(DecoderForCausalLm model, CausalLmExportRequest request, OnnxExportLayout layout)
    {
        ArgumentNullException.ThrowIfNull(model);
        var config = model.Config;
        var name = config.ModelName;
        var family = new DecoderGraph(config, request.Opset, languageModel: true, cache: request.PastKeyValues);
        var state = LoraMerge.MergedState(model);
        var tokenizer = request.Tokenizer;
        try
        {
            return OnnxExporter.WriteFolder(layout, name, state, family, request.Opset, tokenizer is null ? [] : OnnxManifestBuilder.TokenizerFiles(tokenizer),
                family.DeclareLanguageModelOutputs,
                inputs => new OnnxManifest
                {
                    Family = name,
                    Task = OnnxTasks.CausalLm,
                    Opset = request.Opset,
                    Inputs = inputs,
                    Output = new OnnxTensorInfo(FamilyGraph.Logits, OnnxDtypes.Float32, [-1, -1, config.VocabSize], ["batch", "sequence", null]),
                    Classes = [],
                    Preprocessing = tokenizer is null
                        ? new OnnxPreprocessing { Kind = PreprocessingKinds.TokenIds }
                        : new OnnxPreprocessing { Kind = PreprocessingKinds.Text, Text = OnnxManifestBuilder.Text(tokenizer, config.MaxPositions, config.PadTokenId, config.VocabSize, (tokenizer.BosId ?? -1, tokenizer.EosId ?? -1)) },
                    Provenance = request.Provenance,
                    Generation = new OnnxGeneration(config.Layers, config.KeyValueHeads, config.HeadDim, config.MaxPositions, BosId(config),
                        config.EosTokenIds, config.PadTokenId, request.PastKeyValues) { SlidingWindow = config.AttentionWindow is null ? config.SlidingWindow : null },
                },
                new Dictionary<string, string> { ["mlops.family"] = name, ["mlops.task"] = OnnxTasks.CausalLm });
        }
        finally
        {
            StateDict.Dispose(state);
        }
    }

    /// <summary>config.json's bos_token_id (the config record keeps eos and pad only).</summary>
    private static int? BosId(DecoderConfig config) =>
        JsonNode.Parse(config.Json)?["bos_token_id"] is JsonValue v && v.TryGetValue<int>(out var id) ? id : null;
}
