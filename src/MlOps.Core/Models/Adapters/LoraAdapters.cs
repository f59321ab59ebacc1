using MlOps.Specs.Model;

namespace MlOps.Core.Models.Adapters;

/// <summary>The LoRA layers put into one model, by module path, and which parameters may train.</summary>
public sealed class LoraAdapters(Func<string, bool> isHead, AdapterSpec spec, IReadOnlyDictionary<string, LoraLinear> layers)
{
    public AdapterSpec Spec { get; } = spec;

    /// <summary>Module path (our names) → its LoRA layer, in model order.</summary>
    public IReadOnlyDictionary<string, LoraLinear> Layers { get; } = layers;

    /// <summary>Adapter matrices and the head train; the wrapped layers' own weights and the rest of the backbone do not.</summary>
    public bool IsTrainable(string parameterName) =>
        isHead(parameterName)
        || Layers.Keys.Any(path => parameterName.StartsWith(path + ".lora_", StringComparison.Ordinal));
}
