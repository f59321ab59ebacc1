using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Contracts.Results;
using MlOps.Core.Models.Adapters;
using MlOps.Core.Models.Checkpoints;
using MlOps.Specs.Hub;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Decoders;

/// <summary>
/// A language model as a Hugging Face folder, what <c>base.checkpoint</c> and transformers'
/// <c>AutoModelForCausalLM.from_pretrained</c> read: config.json, model.safetensors under the Hub's
/// names (LoRA folded in; GPT-2's Conv1D weights back in [in, out]; a tied lm_head written once, as
/// the embedding, as transformers does), generation_config.json and the tokenizer's files.
/// </summary>
public static class DecoderHubFolder
{
    public const string GenerationConfigFile = "generation_config.json";

    public static void Write(string folder, DecoderForCausalLm model, string? tokenizerSource)
    {
        ArgumentNullException.ThrowIfNull(model);
        var config = model.Config;
        Directory.CreateDirectory(folder);
        var merged = LoraMerge.MergedState(model);
        var hub = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var (name, tensor) in merged.Where(p => !DecoderNames.IsBuffer(p.Key)))
            {
                var value = DecoderNames.IsConv1DWeight(config.Kind, name) ? tensor.t() : tensor;
                hub[DecoderNames.ToHub(config.Kind, name)] = value.to(ScalarType.Float32).contiguous().cpu();
            }
            SafeTensorsFile.Write(Path.Combine(folder, "model.safetensors"), hub, new Dictionary<string, string> { ["format"] = "pt" });
        }
        finally
        {
            StateDict.Dispose(hub);
            StateDict.Dispose(merged);
        }
        OutputLayout.WriteAtomically(Path.Combine(folder, "config.json"), config.Json);
        OutputLayout.WriteAtomically(Path.Combine(folder, GenerationConfigFile), GenerationConfig(config));
        foreach (var file in TokenizerFolder.InputFiles(tokenizerSource))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        }
    }

    /// <summary>transformers' GenerationConfig.from_model_config: the special ids config.json names.</summary>
    private static string GenerationConfig(DecoderConfig config)
    {
        var source = JsonNode.Parse(config.Json)?.AsObject() ?? [];
        var generation = new JsonObject { ["_from_model_config"] = true };
        foreach (var key in new[] { "bos_token_id", "eos_token_id", "pad_token_id" })
        {
            if (source[key] is { } value)
            {
                generation[key] = value.DeepClone();
            }
        }
        return generation.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
