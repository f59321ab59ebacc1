using MlOps.Contracts.Metrics;
using MlOps.Contracts.Results;
using MlOps.Specs.Model;

namespace MlOps.Specs.Binding;

/// <summary>
/// A `bias:` entry with `counterfactual:` (causal_lm): a template, a reference completion and groups of
/// substitution lists. Every group fills the same placeholders, each of which the template uses, with
/// lists of one length per group; the metric is log_probability_gap or exact_match_gap, bounded by max.
/// </summary>
internal static class CounterfactualBinder
{
    public static CounterfactualSpec? Bind(SpecContext ctx, MappingReader entry)
    {
        if (entry.Mapping("counterfactual", "bias[].counterfactual") is not { } r)
        {
            return null;
        }
        var template = r.Text("template", required: true, hint: "a prompt with {placeholders}, e.g. \"{name} applied for the job. The manager said\"");
        var reference = r.Text("reference", required: true, hint: "the completion to score after each prompt, e.g. \" yes\"");
        var groups = new List<CounterfactualGroup>();
        if (r.Mapping("groups", "bias[].counterfactual.groups") is { } g)
        {
            foreach (var name in g.Order)
            {
                if (g.Mapping(name, "bias[].counterfactual.groups.*") is { } lists && Group(ctx, name, lists, template) is { } group)
                {
                    groups.Add(group);
                }
            }
            if (g.Order.Count < 2)
            {
                ctx.Error(SpecErrorCodes.CounterfactualMalformed, $"'{g.Path}' needs at least two groups to compare (e.g. female: {{ name: [Mary] }}, male: {{ name: [John] }})", g.Node);
            }
            else if (groups.Count == g.Order.Count && groups.Select(x => string.Join(",", x.Substitutions.Select(s => s.Key).Order(StringComparer.Ordinal))).Distinct(StringComparer.Ordinal).Count() > 1)
            {
                ctx.Error(SpecErrorCodes.CounterfactualMalformed, $"'{g.Path}': every group must fill the same placeholders, so the prompts differ only in the substituted words", g.Node);
            }
        }
        else
        {
            r.Missing("groups", "group name → { placeholder: [values] }");
        }
        return template is null || reference is null || groups.Count < 2 ? null
            : new CounterfactualSpec { Template = template, Reference = reference, Groups = groups };
    }

    public static BiasSpec? Entry(SpecContext ctx, MappingReader r, string? attribute, CounterfactualSpec counterfactual)
    {
        var metric = r.Text("metric", required: true, hint: $"one of {string.Join(", ", MetricNames.CounterfactualFairness)}");
        if (metric is not null && !MetricNames.CounterfactualFairness.Contains(metric))
        {
            ctx.Error(SpecErrorCodes.UnknownFairnessMetric,
                $"'{r.Join("metric")}': a counterfactual entry compares {string.Join(" or ", MetricNames.CounterfactualFairness)}, not '{metric}'", r.Value("metric")!);
            metric = null;
        }
        foreach (var key in new[] { "min", "min_group_size", "privileged", "use_bound", "favourable_label", "groups", "undefined_rate" }.Where(r.Has))
        {
            ctx.Error(SpecErrorCodes.UnknownKey, $"'{r.Join(key)}' applies to classifier bias entries, not to a counterfactual one (which takes attribute, metric, max, severity, counterfactual)", r.KeyNode(key)!);
        }
        var max = r.Number("max", NumberRange.NonNegative);
        if (max is null)
        {
            r.Missing("max", "the largest gap allowed between the groups' mean scores");
        }
        return attribute is null || metric is null || max is null ? null : new BiasSpec
        {
            Attribute = attribute,
            Metric = metric,
            Max = max,
            MinGroupSize = 1,
            Severity = r.Choice("severity", Choices.Severity) ?? Severity.Error,
            Location = ctx.Loc(r.Node),
            Counterfactual = counterfactual,
        };
    }

    private static CounterfactualGroup? Group(SpecContext ctx, string name, MappingReader lists, string? template)
    {
        var substitutions = new List<KeyValuePair<string, IReadOnlyList<string>>>();
        foreach (var placeholder in lists.Order)
        {
            if (lists.TextList(placeholder) is not { } values)
            {
                continue;
            }
            if (values.Count == 0)
            {
                ctx.Error(SpecErrorCodes.CounterfactualMalformed, $"'{lists.Join(placeholder)}' is empty: give at least one value", lists.Value(placeholder)!);
                return null;
            }
            if (template is not null && !template.Contains("{" + placeholder + "}", StringComparison.Ordinal))
            {
                ctx.Error(SpecErrorCodes.CounterfactualMalformed, $"'{lists.Join(placeholder)}': the template has no {{{placeholder}}} to fill", lists.KeyNode(placeholder)!);
                return null;
            }
            substitutions.Add(new(placeholder, values));
        }
        if (substitutions.Count == 0)
        {
            ctx.Error(SpecErrorCodes.CounterfactualMalformed, $"'{lists.Path}' has no substitution list: give e.g. name: [Mary, Aisha]", lists.Node);
            return null;
        }
        if (substitutions.Select(s => s.Value.Count).Distinct().Count() > 1)
        {
            ctx.Error(SpecErrorCodes.CounterfactualMalformed, $"'{lists.Path}': the lists differ in length; the i-th prompt takes the i-th value of each list, so give them one length", lists.Node);
            return null;
        }
        return new CounterfactualGroup(name, substitutions);
    }
}
