namespace MlOps.Core.Models.Decoders;

/// <summary>
/// How <see cref="TextGeneration"/> picks tokens: greedy (the default), or sampled with a seed after
/// temperature, top-k and top-p (nucleus) filtering, in that order, as transformers applies them.
/// </summary>
public sealed record GenerationOptions
{
    public int MaxNewTokens { get; init; } = 32;

    /// <summary>False: the most likely token at each step (greedy).</summary>
    public bool Sample { get; init; }

    public double Temperature { get; init; } = 1.0;

    /// <summary>Keep the k most likely tokens; 0 keeps all.</summary>
    public int TopK { get; init; }

    /// <summary>Keep the most likely tokens whose probabilities sum to at least p; 1 keeps all.</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>The sampling seed: the same seed, prompts and model give the same tokens.</summary>
    public long Seed { get; init; }

    /// <summary>Tokens that end a sequence (kept as its last token); null: the config's eos_token_id.</summary>
    public IReadOnlyList<int>? EosTokenIds { get; init; }

    /// <summary>What pads prompts and finished rows; null: the config's pad (else eos) id.</summary>
    public int? PadTokenId { get; init; }
}
