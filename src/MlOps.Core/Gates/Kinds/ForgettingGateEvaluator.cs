using MlOps.Contracts.Metrics;
using MlOps.Contracts.Results;
using MlOps.Specs.Model;
using static MlOps.Core.Gates.GateText;

namespace MlOps.Core.Gates.Kinds;

/// <summary>Base − fine-tuned on the original task (sign-aware): how much the model forgot.</summary>
internal sealed class ForgettingGateEvaluator : GateKindEvaluator
{
    public override GateKind Kind => GateKind.Forgetting;

    public override IEnumerable<GateResult> Evaluate(GateInputs inputs, GateSpec gate) => [Drop(inputs, gate)];

    private static GateResult Drop(GateInputs inputs, GateSpec gate)
    {
        var maxDrop = gate.MaxDrop ?? 0;
        var name = $"forgetting {gate.Metric} max_drop {AsWritten(maxDrop)}";
        if (inputs.Forgetting is null || !inputs.Forgetting.TryGetValue(gate.Metric, out var measured))
        {
            return GateEvaluator.Result(gate, GateResultKind.Forgetting, name, null, maxDrop, "<=", false,
                $"forgetting of {gate.Metric} was not measured; set evaluation.forgetting with the original task's data and metric {gate.Metric}");
        }
        var greater = gate.GreaterIsBetter ?? MetricNames.GreaterIsBetter(gate.Metric);
        var drop = greater ? measured.BaseValue - measured.FineTunedValue : measured.FineTunedValue - measured.BaseValue;
        var passed = drop <= maxDrop;
        var subject = $"{gate.Metric} on the original task: base {Number(measured.BaseValue)} → fine-tuned {Number(measured.FineTunedValue)}, drop";
        return GateEvaluator.Result(gate, GateResultKind.Forgetting, name, drop, maxDrop, "<=", passed, Compare(subject, drop, false, maxDrop, $"max_drop {Number(maxDrop)}", passed));
    }
}
