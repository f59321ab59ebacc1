using MlOps.Contracts.Results;
using MlOps.Specs.Binding;
using MlOps.Specs.Model;

namespace MlOps.Specs.Gates;

/// <summary><c>{ metric: m, min: x }</c> / <c>max</c>, optionally <c>against: baseline|champion</c> with a change or regression tolerance.</summary>
internal sealed class MetricGateDefinition : GateKindDefinition
{
    private static readonly string[] ChangeKeys = ["min_absolute_change", "min_relative_change", "max_regression", "max_relative_regression", "significance"];

    /// <summary>A test level: strictly between 0 and 1 (0.05 is the usual one).</summary>
    private static readonly NumberRange Level = new(0, 1, MinExclusive: true, MaxExclusive: true);

    public override GateKind Kind => GateKind.Metric;

    public override string Key => "metric";

    public override IReadOnlyList<string> Keys { get; } =
    [
        "metric", "min", "max", "against", "min_absolute_change", "min_relative_change",
        "max_regression", "max_relative_regression", "significance", "statistic", "greater_is_better", "split", "severity",
    ];

    public override IReadOnlyList<string> IdentityKeys { get; } = ["metric", "against", "split"];

    public override IEnumerable<GateSetting> PinnedSettings(GateSpec gate) =>
    [
        GateSetting.Number("min", gate.Min), GateSetting.Number("max", gate.Max),
        GateSetting.Number("min_absolute_change", gate.MinAbsoluteChange), GateSetting.Number("min_relative_change", gate.MinRelativeChange),
        GateSetting.Number("max_regression", gate.MaxRegression), GateSetting.Number("max_relative_regression", gate.MaxRelativeRegression),
        GateSetting.Number("significance", gate.Significance),
        new GateSetting("statistic", gate.Statistic is { } statistic ? Choices.Statistic.First(c => c.Item2 == statistic).Item1 : null),
        GateSetting.Flag("greater_is_better", gate.GreaterIsBetter), GateSetting.Severity(gate.Severity),
    ];

    public override bool ComparesWithBaseModel(GateSpec gate) => gate.Against == GateReference.Baseline;

    internal override GateSpec? Bind(GateEntry entry)
    {
        var (ctx, r) = (entry.Context, entry.Reader);
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
        var statistic = r.Choice("statistic", Choices.Statistic);
        if (statistic == RepeatStatistic.LowerBound && entry.Runs < 2)
        {
            ctx.Error(SpecErrorCodes.NotApplicable,
                $"'{r.Join("statistic")}: lower_bound' is the lower end of a confidence interval over repeated runs, and this spec trains one: set `training.repeats: 5` (at least 2), or gate on the value itself", r.Value("statistic")!);
        }
        if (r.Text("split") == "test" && !entry.HasTest)
        {
            ctx.Error(SpecErrorCodes.NotApplicable, $"'{r.Join("split")}: test' needs a test split: add `data.test: <file>` or `data.split: {{ test: 0.2 }}`", r.Value("split")!);
        }
        var gate = new GateSpec
        {
            Kind = GateKind.Metric,
            Metric = entry.Subject ?? "",
            Min = min,
            Max = max,
            Against = against ?? GateReference.None,
            MinAbsoluteChange = r.Number("min_absolute_change", NumberRange.Any),
            MinRelativeChange = r.Number("min_relative_change", NumberRange.Any),
            MaxRegression = r.Number("max_regression", NumberRange.NonNegative),
            MaxRelativeRegression = r.Number("max_relative_regression", NumberRange.NonNegative),
            Significance = r.Number("significance", Level),
            Statistic = statistic,
            GreaterIsBetter = r.Bool("greater_is_better"),
            Split = r.Choice("split", Choices.Split) ?? entry.JudgedSplit,
            Severity = entry.Severity,
            Location = ctx.Loc(r.Node),
        };
        return entry.Subject is null ? null : gate;
    }
}
