namespace MlOps.Core.Models.Decoders;

/// <summary>
/// The Linear layers LoRA adapts when the spec names none: PEFT's defaults
/// (TRANSFORMERS_MODELS_TO_LORA_TARGET_MODULES_MAPPING in peft/utils/constants.py): the query and
/// value projections of the Llama family (llama, mistral, qwen2), GPT-2's fused c_attn.
/// </summary>
public static class DecoderAdapterTargets
{
    public static IReadOnlyList<string> Default(DecoderKind kind) =>
        kind == DecoderKind.Gpt2 ? ["*.c_attn"] : ["*.q_proj", "*.v_proj"];
}
