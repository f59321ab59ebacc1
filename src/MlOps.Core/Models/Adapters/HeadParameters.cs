namespace MlOps.Core.Models.Adapters;

/// <summary>
/// Which names belong to the classification head, which trains fully under an adapter and is saved
/// beside it (PEFT's modules_to_save).
/// </summary>
public static class HeadParameters
{
    public static IReadOnlyList<string> Prefixes(FineTuneModule model) => model.HeadPrefixes;

    public static bool IsHead(FineTuneModule model, string name) =>
        Prefixes(model).Any(p => name.StartsWith(p, StringComparison.Ordinal) || name + "." == p);
}
