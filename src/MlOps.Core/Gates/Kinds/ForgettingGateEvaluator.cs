using MlOps.Contracts.Metrics;
using MlOps.Contracts.Results;
using MlOps.Specs.Model;
using static MlOps.Core.Gates.GateText;

namespace MlOps.Core.Gates.Kinds;

/// <summary>
/// How much the model forgot on the original task, sign-aware: max_drop bounds the difference (base −
/// fine-tuned, fine-tuned − base for a loss), max_ratio the factor (base / fine-tuned, fine-tuned / base
/// for a loss). One result per bound the gate gives.
/// </summary>
internal sealed class ForgettingGateEvaluator : GateKindEvaluator
{
    public override GateKind Kind => GateKind.Forgetting;

    public override IEnumerable<GateResult> Evaluate(GateInputs inputs, GateSpec gate)
    {
        if (gate.MaxDrop is not null || gate.MaxRatio is null)
        {
            yield return Drop(inputs, gate, gate.MaxDrop ?? 0);
        }
        if (gate.MaxRatio is { } maxRatio)
        {
            yield return Ratio(inputs, gate, maxRatio);
        }
    }

    private static GateResult Drop(GateInputs inputs, GateSpec gate, double maxDrop)
    {
        var name = $"forgetting {gate.Metric} max_drop {AsWritten(maxDrop)}";
        if (Measured(inputs, gate) is not { } measured)
        {
            return NotMeasured(gate, name, maxDrop);
        }
        var greater = gate.GreaterIsBetter ?? MetricNames.GreaterIsBetter(gate.Metric);
        var drop = greater ? measured.BaseValue - measured.FineTunedValue : measured.FineTunedValue - measured.BaseValue;
        var passed = drop <= maxDrop;
        var subject = $"{gate.Metric} on the original task: base {Number(measured.BaseValue)} → fine-tuned {Number(measured.FineTunedValue)}, drop";
        return GateEvaluator.Result(gate, GateResultKind.Forgetting, name, drop, maxDrop, "<=", passed, Compare(subject, drop, false, maxDrop, $"max_drop {Number(maxDrop)}", passed));
    }

    /// <summary>The worsening factor: ≤ max_ratio means fine-tuned ≤ base · r for a loss, fine-tuned ≥ base / r otherwise.</summary>
    private static GateResult Ratio(GateInputs inputs, GateSpec gate, double maxRatio)
    {
        var name = $"forgetting {gate.Metric} max_ratio {AsWritten(maxRatio)}";
        if (Measured(inputs, gate) is not { } measured)
        {
            return NotMeasured(gate, name, maxRatio);
        }
        var greater = gate.GreaterIsBetter ?? MetricNames.GreaterIsBetter(gate.Metric);
        var (worse, better, label) = greater
            ? (measured.BaseValue, measured.FineTunedValue, "base / fine-tuned")
            : (measured.FineTunedValue, measured.BaseValue, "fine-tuned / base");
        var values = $"{gate.Metric} on the original task: base {Number(measured.BaseValue)} → fine-tuned {Number(measured.FineTunedValue)}";
        // A factor says how much worse only between positive numbers (perplexity, accuracy, a loss);
        // a zero or negative value (an R², a log-probability) has no ratio: max_drop bounds it.
        if (!(worse > 0 && better > 0) || double.IsInfinity(worse) || double.IsInfinity(better))
        {
            return GateEvaluator.Result(gate, GateResultKind.Forgetting, name, null, maxRatio, "<=", false,
                $"{values}: max_ratio needs both values positive and finite (ratio {label} is undefined); bound this metric with max_drop");
        }
        var ratio = worse / better;
        var passed = ratio <= maxRatio;
        return GateEvaluator.Result(gate, GateResultKind.Forgetting, name, ratio, maxRatio, "<=", passed,
            Compare($"{values}, ratio {label}", ratio, false, maxRatio, $"max_ratio {Number(maxRatio)}", passed));
    }

    private static ForgettingMeasurement? Measured(GateInputs inputs, GateSpec gate) =>
        inputs.Forgetting is not null && inputs.Forgetting.TryGetValue(gate.Metric, out var measured) ? measured : null;

    private static GateResult NotMeasured(GateSpec gate, string name, double threshold) =>
        GateEvaluator.Result(gate, GateResultKind.Forgetting, name, null, threshold, "<=", false,
            $"forgetting of {gate.Metric} was not measured; set evaluation.forgetting with the original task's data and metric {gate.Metric}");
}
