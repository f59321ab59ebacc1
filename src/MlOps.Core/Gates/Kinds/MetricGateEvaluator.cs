using MlOps.Contracts.Results;
using MlOps.Specs.Binding;
using MlOps.Specs.Model;
using static MlOps.Core.Gates.GateText;

namespace MlOps.Core.Gates.Kinds;

/// <summary><c>min</c>/<c>max</c> on a metric of one split, and <c>against</c> a reference model (<see cref="ReferenceGate"/>).</summary>
internal sealed class MetricGateEvaluator : GateKindEvaluator
{
    public override GateKind Kind => GateKind.Metric;

    public override IEnumerable<GateResult> Evaluate(GateInputs inputs, GateSpec gate)
    {
        var results = new List<GateResult>();
        var hasAbsolute = gate.Min is not null || gate.Max is not null;
        if (hasAbsolute || gate.Against == GateReference.None)
        {
            var actual = GateEvaluator.Read(inputs.Metrics, gate.Split, gate.Metric);
            if (gate.Min is { } min)
            {
                results.Add(Bound(gate, actual, min, atLeast: true));
            }
            if (gate.Max is { } max)
            {
                results.Add(Bound(gate, actual, max, atLeast: false));
            }
            if (!hasAbsolute)
            {
                results.Add(GateEvaluator.Result(gate, GateResultKind.Metric, $"{gate.Metric} (no threshold)", null, null, "", false,
                    $"gate on {gate.Metric} has no min, max or against; give it a threshold"));
            }
        }
        if (gate.Against != GateReference.None)
        {
            results.AddRange(ReferenceGate.Evaluate(inputs, gate));
        }
        return results;
    }

    private static GateResult Bound(GateSpec gate, GateEvaluator.MetricRead actual, double threshold, bool atLeast)
    {
        var name = $"{gate.Metric} {(atLeast ? "min" : "max")} {AsWritten(threshold)}";
        var comparison = atLeast ? ">=" : "<=";
        if (actual.Value is not { } value)
        {
            return GateEvaluator.Result(gate, GateResultKind.Metric, name, null, threshold, comparison, false, actual.Missing!);
        }
        var passed = atLeast ? value >= threshold : value <= threshold;
        var label = $"{(atLeast ? "min" : "max")} {Number(threshold)}";
        return GateEvaluator.Result(gate, GateResultKind.Metric, name, value, threshold, comparison, passed, Compare(gate.Metric, value, atLeast, threshold, label, passed));
    }
}
