using MlOps.Contracts.Metrics;
using MlOps.Contracts.Results;
using MlOps.Specs.Model;

namespace MlOps.Specs.Binding;

/// <summary>`bias:` — fairness checks on attributes declared in data.sensitive.</summary>
internal static class BiasBinder
{
    public static List<BiasSpec> Bind(SpecContext ctx, MappingReader top, IReadOnlyList<string>? sensitiveNames)
    {
        var checks = new List<BiasSpec>();
        if (top.Sequence("bias") is not { } seq)
        {
            return checks;
        }
        for (var i = 0; i < seq.Items.Count; i++)
        {
            if (ctx.Mapping(seq.Items[i], "bias[]", $"bias[{i}]") is { } r && Entry(ctx, r, sensitiveNames) is { } check)
            {
                checks.Add(check);
            }
        }
        return checks;
    }

    /// <param name="sensitiveNames">Null when data could not be read: attribute names are then not checked.</param>
    private static BiasSpec? Entry(SpecContext ctx, MappingReader r, IReadOnlyList<string>? sensitiveNames)
    {
        var counterfactual = r.Has("counterfactual") ? CounterfactualBinder.Bind(ctx, r) : null;
        var attribute = r.Text("attribute", required: true, hint: "a name declared in data.sensitive");
        if (r.Has("counterfactual"))
        {
            return counterfactual is null ? null : CounterfactualBinder.Entry(ctx, r, attribute, counterfactual);
        }
        if (attribute is not null && sensitiveNames is not null && !sensitiveNames.Contains(attribute))
        {
            var declared = sensitiveNames.Count == 0 ? "none are declared" : $"declared: {string.Join(", ", sensitiveNames)}";
            ctx.Error(SpecErrorCodes.AttributeNotSensitive,
                $"'{r.Join("attribute")}' is '{attribute}', which is not in data.sensitive{Suggestions.DidYouMean(attribute, sensitiveNames)} ({declared}); add it to data.sensitive",
                r.Value("attribute")!);
            attribute = null;
        }
        var metric = r.Text("metric", required: true, hint: $"one of {string.Join(", ", MetricNames.Fairness)}");
        if (metric is not null && MetricNames.CounterfactualFairness.Contains(metric))
        {
            ctx.Error(SpecErrorCodes.UnknownFairnessMetric,
                $"'{r.Join("metric")}': {metric} compares groups of counterfactual prompts: add `counterfactual: {{ template, reference, groups }}` to the entry",
                r.Value("metric")!);
            metric = null;
        }
        else if (metric is not null && !MetricNames.Fairness.Contains(metric))
        {
            ctx.Error(SpecErrorCodes.UnknownFairnessMetric,
                $"'{r.Join("metric")}': unknown fairness metric '{metric}'{Suggestions.DidYouMean(metric, MetricNames.Fairness)} (known: {string.Join(", ", MetricNames.Fairness)})",
                r.Value("metric")!);
            metric = null;
        }
        var max = r.Number("max", NumberRange.Any);
        var min = r.Number("min", NumberRange.Any);
        if (!r.Has("max") && !r.Has("min"))
        {
            ctx.Error(SpecErrorCodes.MissingCondition, $"'{r.Path}' has no bound: give `max` (differences) or `min` (ratios)", r.Node);
        }
        if (min > max)
        {
            ctx.Error(SpecErrorCodes.EmptyInterval, $"'{r.Path}': min {min} is greater than max {max}, so no value can pass", r.Value("min")!);
        }
        var check = new BiasSpec
        {
            Attribute = attribute ?? "",
            Metric = metric ?? "",
            Max = max,
            Min = min,
            MinGroupSize = r.Int("min_group_size", new NumberRange(1, int.MaxValue)) ?? 30,
            Privileged = r.Text("privileged"),
            UseBound = r.Bool("use_bound") ?? false,
            Severity = r.Choice("severity", Choices.Severity) ?? Severity.Error,
            FavourableLabel = r.Text("favourable_label"),
            Groups = r.Choice("groups", Choices.BiasGroups) ?? BiasGroups.Sized,
            UndefinedRate = r.Choice("undefined_rate", Choices.UndefinedRate) ?? UndefinedRate.Zero,
            Location = ctx.Loc(r.Node),
        };
        return attribute is null || metric is null ? null : check;
    }
}
