namespace MlOps.Core.Data.CausalLm;

/// <summary>
/// Stanford Alpaca's prompt template, verbatim from <c>PROMPT_DICT</c> in tatsu-lab/stanford_alpaca's
/// train.py (prompt_input when the row has a non-empty input, prompt_no_input otherwise). The output
/// follows "### Response:" directly, and is learned with the end-of-sequence token after it, as there.
/// </summary>
internal static class AlpacaTemplate
{
    public static string Prompt(string instruction, string? input) => string.IsNullOrEmpty(input)
        ? "Below is an instruction that describes a task. Write a response that appropriately completes the request.\n\n"
          + $"### Instruction:\n{instruction}\n\n### Response:"
        : "Below is an instruction that describes a task, paired with an input that provides further context. Write a response that appropriately completes the request.\n\n"
          + $"### Instruction:\n{instruction}\n\n### Input:\n{input}\n\n### Response:";
}
