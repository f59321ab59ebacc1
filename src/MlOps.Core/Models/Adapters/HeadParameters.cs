namespace MlOps.Core.Models.Adapters;

/// <summary>
/// Which names belong to the classification head, which trains fully under an adapter and is saved
/// beside it (PEFT's modules_to_save).
/// </summary>
public static class HeadParameters
{
    // TODO(issue 10, B): use FineTuneModule.HeadPrefixes once it exists (DistilBERT's pre_classifier is head too).
    public static IReadOnlyList<string> Prefixes(FineTuneModule model) => ["head."];

    public static bool IsHead(FineTuneModule model, string name) =>
        Prefixes(model).Any(p => name.StartsWith(p, StringComparison.Ordinal) || name + "." == p);
}
