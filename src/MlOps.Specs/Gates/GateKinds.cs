using MlOps.Specs.Model;

namespace MlOps.Specs.Gates;

/// <summary>
/// Every gate kind the spec language knows, in documentation order. Adding a kind is one line here
/// and one in MlOps.Core's GateKindEvaluators (docs/extending.md); tests check that the two lists,
/// the JSON Schema and the base-branch policy agree.
/// </summary>
public static class GateKinds
{
    public static readonly IReadOnlyList<GateKindDefinition> All =
    [
        new MetricGateDefinition(),
        new OverfitGateDefinition(),
        new ForgettingGateDefinition(),
        new ExportGateDefinition(),
    ];

    public static GateKindDefinition Of(GateKind kind) =>
        All.FirstOrDefault(d => d.Kind == kind) ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "no gate kind definition is registered in GateKinds.All");
}
