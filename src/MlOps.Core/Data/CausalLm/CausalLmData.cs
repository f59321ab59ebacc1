namespace MlOps.Core.Data.CausalLm;

/// <summary>
/// What a causal-LM run's data was before it became token rows: the examples of each split (for
/// generation: prompts and reference completions), the file's shape, and the sequence settings.
/// Null splits: plain text (data.text), which has no prompts.
/// </summary>
public sealed record CausalLmData(
    InstructionShape? Shape,
    IReadOnlyList<InstructionExample>? Train,
    IReadOnlyList<InstructionExample>? Validation,
    IReadOnlyList<InstructionExample>? Test,
    int MaxLength,
    bool Packed);
