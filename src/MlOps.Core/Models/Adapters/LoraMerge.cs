using static TorchSharp.torch;

namespace MlOps.Core.Models.Adapters;

/// <summary>
/// The model's weights with every LoRA update folded in (W ← W + (alpha / r)·B·A) and no adapter
/// tensors: exactly the state dict of the unwrapped architecture, so the existing checkpoint loader
/// and the forgetting check take it as a plain model. New tensors; the caller disposes them.
/// </summary>
public static class LoraMerge
{
    public static Dictionary<string, Tensor> MergedState(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var loras = model.named_modules().Where(m => m.module is LoraLinear).ToDictionary(m => m.name, m => (LoraLinear)m.module, StringComparer.Ordinal);
        var merged = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using var _ = no_grad();
        foreach (var (name, tensor) in model.state_dict())
        {
            var cut = name.LastIndexOf('.');
            var owner = cut < 0 ? "" : name[..cut];
            if (IsAdapterTensor(name, loras.Keys))
            {
                continue;
            }
            merged[name] = loras.TryGetValue(owner, out var lora) && name[(cut + 1)..] == "weight"
                ? lora.MergedWeight()
                : tensor.detach().clone();
        }
        return merged;
    }

    private static bool IsAdapterTensor(string name, IEnumerable<string> loraPaths) =>
        loraPaths.Any(path => name.StartsWith(path + ".lora_", StringComparison.Ordinal));
}
