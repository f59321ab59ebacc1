using MlOps.Core.Gates.Kinds;
using MlOps.Specs.Model;

namespace MlOps.Core.Gates;

/// <summary>
/// The run half of every gate kind, one line each (docs/extending.md). A test checks that every
/// kind in MlOps.Specs.Gates.GateKinds has exactly one evaluator here, and nothing more.
/// </summary>
public static class GateKindEvaluators
{
    public static readonly IReadOnlyList<GateKindEvaluator> All =
    [
        new MetricGateEvaluator(),
        new OverfitGateEvaluator(),
        new ForgettingGateEvaluator(),
        new ExportGateEvaluator(),
    ];

    public static GateKindEvaluator Of(GateKind kind) =>
        All.FirstOrDefault(e => e.Kind == kind) ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "no gate evaluator is registered in GateKindEvaluators.All");
}
