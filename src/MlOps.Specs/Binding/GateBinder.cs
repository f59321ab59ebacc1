using MlOps.Contracts.Results;
using MlOps.Specs.Gates;
using MlOps.Specs.Model;

namespace MlOps.Specs.Binding;

/// <summary>`gates:` — each entry names one registered gate kind (<see cref="GateKinds"/>), which binds the rest.</summary>
internal static class GateBinder
{
    public static List<GateSpec> Bind(SpecContext ctx, MappingReader top, bool hasForgettingData, int runs = 1, bool hasTest = false)
    {
        var gates = new List<GateSpec>();
        if (top.Sequence("gates") is not { } seq)
        {
            return gates;
        }
        for (var i = 0; i < seq.Items.Count; i++)
        {
            var path = $"gates[{i}]";
            if (ctx.Mapping(seq.Items[i], "gates[]", path) is { } r && Entry(ctx, r, hasForgettingData, runs, hasTest) is { } gate)
            {
                gates.Add(gate);
            }
        }
        return gates;
    }

    private static GateSpec? Entry(SpecContext ctx, MappingReader r, bool hasForgettingData, int runs, bool hasTest)
    {
        var present = GateKinds.All.Where(k => r.Has(k.Key)).ToList();
        if (present.Count == 0)
        {
            ctx.Error(SpecErrorCodes.GateKind, $"'{r.Path}' must say what it checks: one of {KindList()}", r.Node);
            return null;
        }
        if (present.Count > 1)
        {
            ctx.Error(SpecErrorCodes.GateKind,
                $"'{r.Path}' mixes '{present[0].Key}' and '{present[1].Key}'; write one gate per list entry", r.KeyNode(present[1].Key)!);
            return null;
        }
        var kind = present[0];
        var valid = true;
        foreach (var key in r.Order.Where(k => !kind.Keys.Contains(k)))
        {
            ctx.Error(SpecErrorCodes.NotApplicable,
                $"'{key}' does not apply to a {kind.Key} gate (its keys: {string.Join(", ", kind.Keys)})", r.KeyNode(key)!);
            valid = false;
        }
        var entry = new GateEntry(ctx, r, Subject: null, Severity.Error, hasForgettingData, runs, hasTest);
        var subject = kind.BindSubject(entry);
        var severity = r.Choice("severity", Choices.Severity) ?? Severity.Error;
        var gate = kind.Bind(entry with { Subject = subject, Severity = severity });
        return valid ? gate : null;
    }

    /// <summary>"`metric: &lt;name&gt;`, `overfit: &lt;name&gt;` or `forgetting: &lt;name&gt;`".</summary>
    private static string KindList() => Prose.List([.. GateKinds.All.Select(k => $"`{k.Key}: <name>`")], "or");
}
