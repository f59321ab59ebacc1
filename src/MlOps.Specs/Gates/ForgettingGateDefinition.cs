using MlOps.Contracts.Results;
using MlOps.Specs.Binding;
using MlOps.Specs.Model;

namespace MlOps.Specs.Gates;

/// <summary>
/// <c>{ forgetting: m, max_drop: x }</c> and/or <c>max_ratio: r</c>: the base model against the fine-tuned one
/// on the original task, as a difference or as a factor (a perplexity's scale depends on the model and text,
/// so a tolerated rise is easier to state as a ratio). With both, both must hold.
/// </summary>
internal sealed class ForgettingGateDefinition : GateKindDefinition
{
    public override GateKind Kind => GateKind.Forgetting;

    public override string Key => "forgetting";

    public override IReadOnlyList<string> Keys { get; } = ["forgetting", "max_drop", "max_ratio", "severity"];

    public override IReadOnlyList<string> IdentityKeys { get; } = ["forgetting"];

    public override IEnumerable<GateSetting> PinnedSettings(GateSpec gate) =>
        [GateSetting.Number("max_drop", gate.MaxDrop), GateSetting.Number("max_ratio", gate.MaxRatio), GateSetting.Severity(gate.Severity)];

    public override bool ComparesWithBaseModel(GateSpec gate) => true;

    internal override GateSpec? Bind(GateEntry entry)
    {
        var (ctx, r) = (entry.Context, entry.Reader);
        if (!entry.HasForgettingData)
        {
            ctx.Error(SpecErrorCodes.ForgettingWithoutData,
                $"'{r.Path}' is a forgetting gate but there is no original-task data: add `evaluation.forgetting: {{ data: <path> }}`", r.KeyNode("forgetting")!);
        }
        var maxDrop = r.Number("max_drop", NumberRange.NonNegative);
        // A ratio below 1 would demand that the fine-tuned model be better than the base on the original task.
        var maxRatio = r.Number("max_ratio", NumberRange.AtLeast(1));
        if (!r.Has("max_drop") && !r.Has("max_ratio"))
        {
            ctx.Error(SpecErrorCodes.MissingCondition,
                $"'{r.Path}' has no bound: give `max_drop` (the largest tolerated drop, e.g. `max_drop: 0.05`) or `max_ratio` (the largest tolerated worsening factor, ≥ 1, e.g. `max_ratio: 1.10`), or both", r.Node);
        }
        var invalid = (r.Has("max_drop") && maxDrop is null) || (r.Has("max_ratio") && maxRatio is null);
        return entry.Subject is not { } metric || invalid || (maxDrop is null && maxRatio is null) ? null : new GateSpec
        {
            Kind = GateKind.Forgetting, Metric = metric, MaxDrop = maxDrop, MaxRatio = maxRatio, Severity = entry.Severity, Location = ctx.Loc(r.Node),
        };
    }
}
