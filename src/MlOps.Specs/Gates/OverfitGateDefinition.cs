using MlOps.Contracts.Results;
using MlOps.Specs.Binding;
using MlOps.Specs.Model;

namespace MlOps.Specs.Gates;

/// <summary><c>{ overfit: m, max_gap: x }</c>: train minus the judged split (test when there is one, else validation).</summary>
internal sealed class OverfitGateDefinition : GateKindDefinition
{
    public override GateKind Kind => GateKind.Overfit;

    public override string Key => "overfit";

    public override IReadOnlyList<string> Keys { get; } = ["overfit", "max_gap", "severity"];

    public override IReadOnlyList<string> IdentityKeys { get; } = ["overfit"];

    public override IEnumerable<GateSetting> PinnedSettings(GateSpec gate) =>
        [GateSetting.Number("max_gap", gate.MaxGap), GateSetting.Severity(gate.Severity)];

    internal override GateSpec? Bind(GateEntry entry)
    {
        var r = entry.Reader;
        var maxGap = r.Number("max_gap", NumberRange.NonNegative);
        if (!r.Has("max_gap"))
        {
            r.Missing("max_gap", "the largest tolerated train − validation gap, e.g. `max_gap: 0.05`");
        }
        return entry.Subject is not { } metric || maxGap is null ? null : new GateSpec
        {
            Kind = GateKind.Overfit, Metric = metric, MaxGap = maxGap, Split = entry.JudgedSplit, Severity = entry.Severity, Location = entry.Context.Loc(r.Node),
        };
    }
}
