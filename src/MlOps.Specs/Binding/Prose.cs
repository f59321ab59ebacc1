namespace MlOps.Specs.Binding;

/// <summary>Lists in messages, as a person writes them: "a", "a or b", "a, b or c".</summary>
internal static class Prose
{
    public static string List(IReadOnlyList<string> items, string conjunction) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => $"{string.Join(", ", items.Take(items.Count - 1))} {conjunction} {items[items.Count - 1]}",
    };
}
