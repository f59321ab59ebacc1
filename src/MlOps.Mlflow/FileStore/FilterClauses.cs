using System.Text.RegularExpressions;

namespace MlOps.Mlflow.FileStore;

/// <summary>
/// Splits an MLflow search filter into its AND-joined clauses and matches each against the grammar
/// the file store evaluates; a clause outside that grammar is refused with the caller's hint.
/// </summary>
internal static partial class FilterClauses
{
    public static IReadOnlyList<Match> Parse(string? filter, Regex clause, string hint)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return [];
        }
        return AndSeparator().Split(filter.Trim()).Select(text =>
        {
            var match = clause.Match(text.Trim());
            return match.Success ? match
                : throw new NotSupportedException($"The file store cannot evaluate the filter clause \"{text.Trim()}\": {hint}");
        }).ToList();
    }

    /// <summary>A quoted SQL-style string's value: '' stands for one quote.</summary>
    public static string Unquote(string quoted) => quoted.Replace("''", "'", StringComparison.Ordinal);

    [GeneratedRegex(@"\s+and\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndSeparator();
}
