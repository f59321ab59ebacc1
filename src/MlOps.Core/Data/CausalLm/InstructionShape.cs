namespace MlOps.Core.Data.CausalLm;

/// <summary>The JSON Lines shapes of instruction data, detected per file from its first record.</summary>
public enum InstructionShape
{
    /// <summary><c>{"prompt": …, "completion": …}</c> (OpenAI's legacy fine-tuning format, TRL's prompt-completion).</summary>
    PromptCompletion,
    /// <summary><c>{"messages": [{"role": …, "content": …}, …]}</c> (OpenAI chat fine-tuning, TRL's conversational), rendered by the tokenizer's chat template.</summary>
    Messages,
    /// <summary><c>{"instruction": …, "input": …, "output": …}</c> (Stanford Alpaca), rendered with Alpaca's prompt template.</summary>
    Alpaca,
}

internal static class InstructionShapes
{
    public static string Describe(this InstructionShape shape) => shape switch
    {
        InstructionShape.PromptCompletion => "{\"prompt\", \"completion\"}",
        InstructionShape.Messages => "{\"messages\": [{\"role\", \"content\"}, …]}",
        _ => "Alpaca {\"instruction\", \"input\", \"output\"}",
    };

    /// <summary>The shape whose distinguishing key a record has; null when it has none of them.</summary>
    public static InstructionShape? Of(IReadOnlyCollection<string> keys) =>
        keys.Contains("messages") ? InstructionShape.Messages
        : keys.Contains("instruction") || keys.Contains("output") ? InstructionShape.Alpaca
        : keys.Contains("prompt") || keys.Contains("completion") ? InstructionShape.PromptCompletion
        : null;
}
