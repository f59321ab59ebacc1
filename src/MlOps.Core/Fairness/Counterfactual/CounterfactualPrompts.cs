using MlOps.Specs.Model;

namespace MlOps.Core.Fairness.Counterfactual;

/// <summary>
/// A counterfactual template expanded per group: the i-th prompt of a group fills every placeholder
/// (<c>{name}</c>, <c>{pronoun}</c>) with the i-th value of that placeholder's list, so the groups'
/// prompts differ only in the substituted words.
/// </summary>
public static class CounterfactualPrompts
{
    /// <returns>Group name → its prompts, in the spec's order.</returns>
    public static IReadOnlyList<(string Group, IReadOnlyList<string> Prompts)> Expand(CounterfactualSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return [.. spec.Groups.Select(g => (g.Name, (IReadOnlyList<string>)[.. Enumerable.Range(0, g.Size).Select(i => Fill(spec.Template, g, i))]))];
    }

    private static string Fill(string template, CounterfactualGroup group, int index)
    {
        var text = template;
        foreach (var (placeholder, values) in group.Substitutions)
        {
            text = text.Replace("{" + placeholder + "}", values[index], StringComparison.Ordinal);
        }
        return text;
    }
}
