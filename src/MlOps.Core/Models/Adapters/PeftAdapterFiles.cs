using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Core.Models.Checkpoints;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Adapters;

/// <summary>
/// Writes an adapter the way Hugging Face PEFT saves one, so <c>PeftModel.from_pretrained(base, folder)</c>
/// loads it: <c>adapter_model.safetensors</c> with <c>base_model.model.&lt;hub name&gt;.lora_A.weight</c>
/// [r, in] / <c>.lora_B.weight</c> [out, r] and the head under <c>base_model.model.&lt;hub head&gt;.weight|bias</c>
/// (modules_to_save), and <c>adapter_config.json</c> with LoraConfig's keys.
/// </summary>
public static class PeftAdapterFiles
{
    public const string WeightsFile = "adapter_model.safetensors";
    public const string ConfigFile = "adapter_config.json";
    private const string Prefix = "base_model.model.";

    public static void Write(string folder, FineTuneModule model, LoraAdapters adapters, string? baseModelNameOrPath)
    {
        ArgumentNullException.ThrowIfNull(model);
        Write(folder, model, HubNames.For(model), name => HeadParameters.IsHead(model, name), adapters, baseModelNameOrPath, "SEQ_CLS");
    }

    /// <param name="taskType">PEFT's task_type: SEQ_CLS for a classifier, CAUSAL_LM for a language model.</param>
    /// <param name="fanInFanOut">The wrapped layers are Conv1D ([in, out]) in the Hub's model (GPT-2): PEFT's fan_in_fan_out.</param>
    public static void Write(string folder, nn.Module model, IHubNames hub, Func<string, bool> isHead, LoraAdapters adapters, string? baseModelNameOrPath, string taskType, bool fanInFanOut = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(adapters);
        Directory.CreateDirectory(folder);
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (path, lora) in adapters.Layers)
        {
            tensors[Prefix + hub.ToHub(path + ".lora_A.weight")] = lora.LoraA.to(ScalarType.Float32);
            tensors[Prefix + hub.ToHub(path + ".lora_B.weight")] = lora.LoraB.to(ScalarType.Float32);
        }
        var headNames = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (name, parameter) in model.named_parameters().Where(p => isHead(p.name)))
        {
            var hubName = hub.ToHub(name);
            tensors[Prefix + hubName] = parameter.to(ScalarType.Float32);
            headNames.Add(hubName[..hubName.LastIndexOf('.')]);
        }
        SafeTensorsFile.Write(Path.Combine(folder, WeightsFile), tensors, new Dictionary<string, string> { ["format"] = "pt" });
        var spec = adapters.Spec;
        var config = new JsonObject
        {
            ["peft_type"] = "LORA",
            ["task_type"] = taskType,
            ["base_model_name_or_path"] = baseModelNameOrPath,
            ["r"] = spec.R,
            ["lora_alpha"] = spec.Alpha,
            ["lora_dropout"] = spec.Dropout,
            ["target_modules"] = new JsonArray([.. adapters.Layers.Keys.Select(hub.ToHub).Order(StringComparer.Ordinal).Select(p => (JsonNode?)p)]),
            ["modules_to_save"] = new JsonArray([.. headNames.Select(h => (JsonNode?)h)]),
            ["bias"] = "none",
            ["fan_in_fan_out"] = fanInFanOut,
            ["inference_mode"] = true,
            ["init_lora_weights"] = true,
            ["use_rslora"] = false,
            ["use_dora"] = false,
        };
        File.WriteAllText(Path.Combine(folder, ConfigFile), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
