using System.Text.RegularExpressions;

namespace MlOps.Core.Evaluation.Generation;

/// <summary>
/// Exact match and token-level F1 as the official SQuAD evaluation script computes them
/// (<c>evaluate-v2.0.py</c>: <c>normalize_answer</c>, <c>compute_exact</c>, <c>compute_f1</c>):
/// lowercase, drop ASCII punctuation (Python's <c>string.punctuation</c>), replace the words
/// a/an/the by spaces, collapse whitespace; F1 over the multisets of the remaining tokens.
/// </summary>
public static partial class SquadText
{
    private const string Punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /// <summary>SQuAD's <c>normalize_answer</c>.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lower = text.ToLowerInvariant();
        var noPunctuation = string.Concat(lower.Where(c => !Punctuation.Contains(c, StringComparison.Ordinal)));
        var noArticles = Articles().Replace(noPunctuation, " ");
        return string.Join(' ', Tokens(noArticles));
    }

    /// <summary>1 when the normalised texts are equal, else 0.</summary>
    public static double ExactMatch(string prediction, string reference) =>
        string.Equals(Normalize(prediction), Normalize(reference), StringComparison.Ordinal) ? 1 : 0;

    /// <summary>
    /// Harmonic mean of token precision and recall over the normalised tokens' multisets. When either
    /// side has no tokens, 1 if both have none, else 0 (SQuAD 2.0's rule for empty answers).
    /// </summary>
    public static double TokenF1(string prediction, string reference)
    {
        var predicted = Tokens(Normalize(prediction));
        var expected = Tokens(Normalize(reference));
        if (predicted.Length == 0 || expected.Length == 0)
        {
            return predicted.Length == expected.Length ? 1 : 0;
        }
        var remaining = expected.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var common = 0;
        foreach (var token in predicted)
        {
            if (remaining.TryGetValue(token, out var left) && left > 0)
            {
                remaining[token] = left - 1;
                common++;
            }
        }
        if (common == 0)
        {
            return 0;
        }
        var precision = (double)common / predicted.Length;
        var recall = (double)common / expected.Length;
        return 2 * precision * recall / (precision + recall);
    }

    // Python's str.split(): runs of whitespace, no empty tokens.
    private static string[] Tokens(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    [GeneratedRegex(@"\b(a|an|the)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Articles();
}
