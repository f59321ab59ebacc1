using System.Text.RegularExpressions;

namespace MlOps.Core.Evaluation.Generation;

/// <summary>
/// ROUGE-L as Google's <c>rouge-score</c> package computes <c>rougeL</c> (<c>rouge_scorer._score_lcs</c>),
/// without its stemmer (the default): the texts lowercased, every run of characters other than
/// <c>a-z0-9</c> replaced by a space, split on whitespace; the longest common subsequence of the two
/// token lists gives precision (over the prediction) and recall (over the reference), combined as F-measure.
/// </summary>
public static partial class RougeL
{
    /// <summary>rouge-score's <c>tokenize.tokenize(text, None)</c>.</summary>
    public static IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return NonAlphanumeric().Replace(text.ToLowerInvariant(), " ").Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The F-measure of <c>rougeL</c>; 0 when either text has no tokens.</summary>
    public static double FMeasure(string prediction, string reference)
    {
        var predicted = Tokenize(prediction);
        var expected = Tokenize(reference);
        if (predicted.Count == 0 || expected.Count == 0)
        {
            return 0;
        }
        var lcs = LongestCommonSubsequence(expected, predicted);
        var precision = (double)lcs / predicted.Count;
        var recall = (double)lcs / expected.Count;
        return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
    }

    /// <summary>Length of the longest common subsequence (dynamic programming, two rows).</summary>
    public static int LongestCommonSubsequence(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = new int[b.Count + 1];
        var current = new int[b.Count + 1];
        for (var i = 1; i <= a.Count; i++)
        {
            for (var j = 1; j <= b.Count; j++)
            {
                current[j] = string.Equals(a[i - 1], b[j - 1], StringComparison.Ordinal)
                    ? previous[j - 1] + 1
                    : Math.Max(previous[j], current[j - 1]);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Count];
    }

    [GeneratedRegex("[^a-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex NonAlphanumeric();
}
