using MlOps.Contracts.Results;
using MlOps.Specs.Model;
using MlOps.Specs.Yaml;

namespace MlOps.Specs.Binding;

/// <summary>`gates:` — each entry is a metric gate, an overfit gate or a forgetting gate.</summary>
internal static class GateBinder
{
    private static readonly string[] Kinds = ["metric", "overfit", "forgetting"];
    private static readonly string[] ChangeKeys = ["min_absolute_change", "min_relative_change", "max_regression", "max_relative_regression"];

    public static List<GateSpec> Bind(SpecContext ctx, MappingReader top, bool hasForgettingData)
    {
        var gates = new List<GateSpec>();
        if (top.Sequence("gates") is not { } seq)
        {
            return gates;
        }
        for (var i = 0; i < seq.Items.Count; i++)
        {
            var path = $"gates[{i}]";
            if (ctx.Mapping(seq.Items[i], "gates[]", path) is { } r && Entry(ctx, r, hasForgettingData) is { } gate)
            {
                gates.Add(gate);
            }
        }
        return gates;
    }

    private static GateSpec? Entry(SpecContext ctx, MappingReader r, bool hasForgettingData)
    {
        var present = Kinds.Where(r.Has).ToList();
        if (present.Count == 0)
        {
            ctx.Error(SpecErrorCodes.GateKind,
                $"'{r.Path}' must say what it checks: one of `metric: <name>`, `overfit: <name>` or `forgetting: <name>`", r.Node);
            return null;
        }
        if (present.Count > 1)
        {
            ctx.Error(SpecErrorCodes.GateKind,
                $"'{r.Path}' mixes '{present[0]}' and '{present[1]}'; write one gate per list entry", r.KeyNode(present[1])!);
            return null;
        }
        var kind = present[0] switch { "overfit" => GateKind.Overfit, "forgetting" => GateKind.Forgetting, _ => GateKind.Metric };
        var allowed = kind switch
        {
            GateKind.Overfit => SpecGrammar.OverfitGateKeys,
            GateKind.Forgetting => SpecGrammar.ForgettingGateKeys,
            _ => SpecGrammar.MetricGateKeys,
        };
        var valid = true;
        foreach (var key in r.Order.Where(k => !allowed.Contains(k)))
        {
            ctx.Error(SpecErrorCodes.NotApplicable,
                $"'{key}' does not apply to a {present[0]} gate (its keys: {string.Join(", ", allowed)})", r.KeyNode(key)!);
            valid = false;
        }
        var metric = EvaluationBinder.CheckMetric(ctx, r.Join(present[0]), r.Value(present[0])!);
        var severity = r.Choice("severity", Choices.Severity) ?? Severity.Error;
        var gate = kind switch
        {
            GateKind.Overfit => Overfit(ctx, r, metric, severity),
            GateKind.Forgetting => Forgetting(ctx, r, metric, severity, hasForgettingData),
            _ => Metric(ctx, r, metric, severity),
        };
        return valid ? gate : null;
    }

    private static GateSpec? Metric(SpecContext ctx, MappingReader r, string? metric, Severity severity)
    {
        var min = r.Number("min", NumberRange.Any);
        var max = r.Number("max", NumberRange.Any);
        var against = r.Choice("against", Choices.Against);
        if (!r.Has("min") && !r.Has("max") && !r.Has("against"))
        {
            ctx.Error(SpecErrorCodes.MissingCondition,
                $"'{r.Path}' has no condition: give `min`, `max` or `against: baseline|champion`", r.Node);
        }
        if (min > max)
        {
            ctx.Error(SpecErrorCodes.EmptyInterval, $"'{r.Path}': min {min} is greater than max {max}, so no value can pass", r.Value("min")!);
        }
        foreach (var key in ChangeKeys.Where(k => r.Has(k) && !r.Has("against")))
        {
            ctx.Error(SpecErrorCodes.NotApplicable, $"'{r.Join(key)}' compares with a reference model: add `against: baseline` or `against: champion`", r.KeyNode(key)!);
        }
        var gate = new GateSpec
        {
            Kind = GateKind.Metric,
            Metric = metric ?? "",
            Min = min,
            Max = max,
            Against = against ?? GateReference.None,
            MinAbsoluteChange = r.Number("min_absolute_change", NumberRange.Any),
            MinRelativeChange = r.Number("min_relative_change", NumberRange.Any),
            MaxRegression = r.Number("max_regression", NumberRange.NonNegative),
            MaxRelativeRegression = r.Number("max_relative_regression", NumberRange.NonNegative),
            GreaterIsBetter = r.Bool("greater_is_better"),
            Split = r.Choice("split", Choices.Split) ?? "validation",
            Severity = severity,
            Location = ctx.Loc(r.Node),
        };
        return metric is null ? null : gate;
    }

    private static GateSpec? Overfit(SpecContext ctx, MappingReader r, string? metric, Severity severity)
    {
        var maxGap = r.Number("max_gap", NumberRange.NonNegative);
        if (!r.Has("max_gap"))
        {
            r.Missing("max_gap", "the largest tolerated train − validation gap, e.g. `max_gap: 0.05`");
        }
        return metric is null || maxGap is null ? null : new GateSpec
        {
            Kind = GateKind.Overfit, Metric = metric, MaxGap = maxGap, Severity = severity, Location = ctx.Loc(r.Node),
        };
    }

    private static GateSpec? Forgetting(SpecContext ctx, MappingReader r, string? metric, Severity severity, bool hasForgettingData)
    {
        if (!hasForgettingData)
        {
            ctx.Error(SpecErrorCodes.ForgettingWithoutData,
                $"'{r.Path}' is a forgetting gate but there is no original-task data: add `evaluation.forgetting: {{ data: <path> }}`", r.KeyNode("forgetting")!);
        }
        var maxDrop = r.Number("max_drop", NumberRange.NonNegative);
        if (!r.Has("max_drop"))
        {
            r.Missing("max_drop", "the largest tolerated drop on the original task, e.g. `max_drop: 0.05`");
        }
        return metric is null || maxDrop is null ? null : new GateSpec
        {
            Kind = GateKind.Forgetting, Metric = metric, MaxDrop = maxDrop, Severity = severity, Location = ctx.Loc(r.Node),
        };
    }
}
