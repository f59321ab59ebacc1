using System.Globalization;
using System.Text;
using MlOps.Contracts.Results;
using static MlOps.Core.Reporting.MarkdownText;

namespace MlOps.Core.Reporting;

/// <summary>
/// "Generations": the first validation rows of a causal-LM run with evaluation.generation, as prompt /
/// reference / base output / fine-tuned output. Text is escaped (it is data, and a model's output) and
/// cut to <see cref="MaxCharacters"/> characters, the cut marked with an ellipsis.
/// </summary>
public static class GenerationSection
{
    public const int MaxCharacters = 200;

    public static void Append(StringBuilder md, RunResult result)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(result);
        if (result.GenerationExamples.Count == 0)
        {
            return;
        }
        md.AppendLine("## Generations").AppendLine();
        md.AppendLine(Row(["line", "prompt", "reference", "base output", "fine-tuned output"])).AppendLine(Separator(5));
        foreach (var example in result.GenerationExamples)
        {
            md.AppendLine(Row([
                example.Line.ToString(CultureInfo.InvariantCulture),
                Cell(example.Prompt),
                Cell(example.Reference),
                example.BaseOutput is null ? "–" : Cell(example.BaseOutput),
                Cell(example.Output),
            ]));
        }
        md.AppendLine();
    }

    /// <summary>Escaped, at most <see cref="MaxCharacters"/> characters of text (not splitting a surrogate pair); an empty text shows as "(empty)".</summary>
    public static string Cell(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return "*(empty)*";
        }
        if (text.Length <= MaxCharacters)
        {
            return Escape(text);
        }
        var cut = char.IsHighSurrogate(text[MaxCharacters - 1]) ? MaxCharacters - 1 : MaxCharacters;
        return Escape(text[..cut]) + "…";
    }
}
