namespace MlOps.Core.Models.Decoders;

/// <summary>
/// The decoder architectures, one per config.json <c>model_type</c>. Llama, Mistral and Qwen2 share
/// one computation (<see cref="DecoderConfig.IsGpt2"/> false); GPT-2 has its own.
/// </summary>
public enum DecoderKind { Llama, Mistral, Qwen2, Gpt2 }

public static class DecoderKinds
{
    /// <summary>The base.model names, which are the config.json model_type values.</summary>
    public static readonly IReadOnlyList<string> LlamaNames = ["llama", "mistral", "qwen2"];

    public static readonly IReadOnlyList<string> Gpt2Names = ["gpt2"];

    public static string Name(this DecoderKind kind) => kind.ToString().ToLowerInvariant();

    public static DecoderKind? Of(string modelType) => modelType switch
    {
        "llama" => DecoderKind.Llama,
        "mistral" => DecoderKind.Mistral,
        "qwen2" => DecoderKind.Qwen2,
        "gpt2" => DecoderKind.Gpt2,
        _ => null,
    };
}
