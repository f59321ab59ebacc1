using MlOps.Contracts.Metrics;
using MlOps.Contracts.Results;
using MlOps.Specs.Model;
using static MlOps.Core.Gates.GateText;

namespace MlOps.Core.Gates.Kinds;

/// <summary>Train − validation for higher-is-better metrics, validation − train for losses: the gap that signals overfitting.</summary>
internal sealed class OverfitGateEvaluator : GateKindEvaluator
{
    public override GateKind Kind => GateKind.Overfit;

    public override IEnumerable<GateResult> Evaluate(GateInputs inputs, GateSpec gate) => [Gap(inputs, gate)];

    private static GateResult Gap(GateInputs inputs, GateSpec gate)
    {
        var maxGap = gate.MaxGap ?? 0;
        var name = $"overfit {gate.Metric} max_gap {AsWritten(maxGap)}";
        var train = GateEvaluator.Read(inputs.Metrics, MetricSplit.Train.Key(), gate.Metric);
        var validation = GateEvaluator.Read(inputs.Metrics, gate.Split, gate.Metric);
        if (train.Value is not { } t || validation.Value is not { } v)
        {
            return GateEvaluator.Result(gate, GateResultKind.Overfit, name, null, maxGap, "<=", false, train.Missing ?? validation.Missing!);
        }
        var greater = gate.GreaterIsBetter ?? MetricNames.GreaterIsBetter(gate.Metric);
        var gap = greater ? t - v : v - t;
        var passed = gap <= maxGap;
        var subject = greater
            ? $"{gate.Metric} gap train {Number(t)} − {gate.Split} {Number(v)} ="
            : $"{gate.Metric} gap {gate.Split} {Number(v)} − train {Number(t)} =";
        return GateEvaluator.Result(gate, GateResultKind.Overfit, name, gap, maxGap, "<=", passed, Compare(subject, gap, false, maxGap, $"max_gap {Number(maxGap)}", passed));
    }
}
