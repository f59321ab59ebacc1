using System.Globalization;
using System.Text.Json;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Decoders;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Adapters;

/// <summary>
/// Folds a Hugging Face PEFT LoRA adapter folder (what <see cref="PeftAdapterFiles"/> and PEFT's
/// <c>save_pretrained</c> write) into a decoder, as PEFT's <c>merge_and_unload</c> does:
/// W += scale · B·A with scale = lora_alpha / r (lora_alpha / √r under use_rslora), and the
/// modules_to_save tensors replace the base's. GPT-2's Conv1D weights are held as [out, in] here,
/// so B·A applies unchanged.
/// </summary>
public static class PeftAdapterMerge
{
    private const string Prefix = "base_model.model.";

    /// <exception cref="MlOpsException">MLOPS302 when the folder is not an adapter, MLOPS301 when it does not fit the model.</exception>
    public static void Apply(DecoderForCausalLm model, string folder)
    {
        ArgumentNullException.ThrowIfNull(model);
        var configFile = Path.Combine(folder, PeftAdapterFiles.ConfigFile);
        var weightsFile = Path.Combine(folder, PeftAdapterFiles.WeightsFile);
        if (!File.Exists(configFile) || !File.Exists(weightsFile))
        {
            throw Fault(CheckpointErrorCodes.Unreadable, folder,
                $"'{folder}' is not a PEFT adapter folder: it needs {PeftAdapterFiles.ConfigFile} and {PeftAdapterFiles.WeightsFile}");
        }
        var scale = Scale(configFile);
        var (tensors, _) = SafeTensorsFile.Read(weightsFile);
        try
        {
            using var _ = no_grad();
            var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
            foreach (var (name, tensor) in tensors.Where(t => !t.Key.EndsWith(".lora_B.weight", StringComparison.Ordinal)))
            {
                var hub = name.StartsWith(Prefix, StringComparison.Ordinal) ? name[Prefix.Length..] : name;
                if (hub.EndsWith(".lora_A.weight", StringComparison.Ordinal))
                {
                    var module = hub[..^".lora_A.weight".Length];
                    var target = Parameter(parameters, model, module + ".weight", weightsFile);
                    if (!tensors.TryGetValue(name[..^".lora_A.weight".Length] + ".lora_B.weight", out var b))
                    {
                        throw Fault(CheckpointErrorCodes.Mismatch, weightsFile, $"'{weightsFile}' has {name} without its lora_B");
                    }
                    using var delta = b.to(ScalarType.Float32).matmul(tensor.to(ScalarType.Float32)).mul(scale);
                    Fits(target, delta, module, weightsFile);
                    target.add_(delta.to(target.dtype));
                }
                else
                {
                    // modules_to_save: a whole tensor (a new head, a resized embedding).
                    var target = Parameter(parameters, model, hub, weightsFile);
                    Fits(target, tensor, hub, weightsFile);
                    target.copy_(tensor.to(target.dtype));
                }
            }
        }
        finally
        {
            StateDict.Dispose(tensors);
        }
    }

    private static double Scale(string configFile)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(configFile));
            var root = document.RootElement;
            if (root.TryGetProperty("peft_type", out var type) && type.GetString() is { } kind && !string.Equals(kind, "LORA", StringComparison.OrdinalIgnoreCase))
            {
                throw Fault(CheckpointErrorCodes.Unreadable, configFile, $"'{configFile}' is a {kind} adapter; only LoRA adapters can be merged");
            }
            var r = root.GetProperty("r").GetDouble();
            var alpha = root.TryGetProperty("lora_alpha", out var a) ? a.GetDouble() : 8;
            var rs = root.TryGetProperty("use_rslora", out var u) && u.ValueKind == JsonValueKind.True;
            return r > 0 ? alpha / (rs ? Math.Sqrt(r) : r) : throw new FormatException("r must be positive");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw Fault(CheckpointErrorCodes.Unreadable, configFile, $"'{configFile}' is not a LoRA adapter config ({e.Message}): it needs a positive \"r\" and \"lora_alpha\"");
        }
    }

    private static TorchSharp.Modules.Parameter Parameter(Dictionary<string, TorchSharp.Modules.Parameter> parameters, DecoderForCausalLm model, string hubName, string file) =>
        parameters.TryGetValue(DecoderNames.ToOurs(model.Config.Kind, hubName), out var parameter)
            ? parameter
            : throw Fault(CheckpointErrorCodes.Mismatch, file,
                $"'{file}' adapts {hubName}, which {model.Config.ModelName} does not have: use the adapter with the base model it was trained on");

    private static void Fits(Tensor target, Tensor value, string what, string file)
    {
        if (!target.shape.SequenceEqual(value.shape))
        {
            throw Fault(CheckpointErrorCodes.Mismatch, file, string.Create(CultureInfo.InvariantCulture,
                $"'{file}' changes {what} by a [{string.Join(", ", value.shape)}] tensor, but the model's is [{string.Join(", ", target.shape)}]: use the adapter with the base model it was trained on"));
        }
    }

    private static MlOpsException Fault(string code, string file, string message) =>
        new(Diagnostic.Error(code, message, SourceLocation.None(file)));
}
