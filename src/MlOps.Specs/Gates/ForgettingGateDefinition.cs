using MlOps.Contracts.Results;
using MlOps.Specs.Binding;
using MlOps.Specs.Model;

namespace MlOps.Specs.Gates;

/// <summary><c>{ forgetting: m, max_drop: x }</c>: base model minus fine-tuned on the original task.</summary>
internal sealed class ForgettingGateDefinition : GateKindDefinition
{
    public override GateKind Kind => GateKind.Forgetting;

    public override string Key => "forgetting";

    public override IReadOnlyList<string> Keys { get; } = ["forgetting", "max_drop", "severity"];

    public override IReadOnlyList<string> IdentityKeys { get; } = ["forgetting"];

    public override IEnumerable<GateSetting> PinnedSettings(GateSpec gate) =>
        [GateSetting.Number("max_drop", gate.MaxDrop), GateSetting.Severity(gate.Severity)];

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
        if (!r.Has("max_drop"))
        {
            r.Missing("max_drop", "the largest tolerated drop on the original task, e.g. `max_drop: 0.05`");
        }
        return entry.Subject is not { } metric || maxDrop is null ? null : new GateSpec
        {
            Kind = GateKind.Forgetting, Metric = metric, MaxDrop = maxDrop, Severity = entry.Severity, Location = ctx.Loc(r.Node),
        };
    }
}
