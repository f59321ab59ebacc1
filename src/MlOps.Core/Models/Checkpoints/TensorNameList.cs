namespace MlOps.Core.Models.Checkpoints;

/// <summary>How a checkpoint mismatch lists tensor names: the first dozen, then how many more.</summary>
internal static class TensorNameList
{
    private const int Limit = 12;

    public static string Join(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(Limit)) + (names.Count > Limit ? $", … ({names.Count - Limit} more)" : "");

    /// <summary>"3 missing: a, b, c; " — or nothing when the list is empty.</summary>
    public static string Describe(string what, IReadOnlyList<string> names) =>
        names.Count == 0 ? "" : $"{names.Count} {what}: {Join(names)}; ";
}
