using MlOps.Contracts.Metrics;
using MlOps.Contracts.Results;
using MlOps.Core.Evaluation;
using MlOps.Core.Pipeline;
using MlOps.Specs.Binding;
using MlOps.Specs.Model;
using static MlOps.Core.Gates.GateText;

namespace MlOps.Core.Gates;

/// <summary>
/// Evaluates every gate and bias entry of a spec (never stopping at the first failure). One
/// GateResult per condition: a gate with both <c>min</c> and <c>max</c>, or with several change
/// tolerances, yields one result per condition, each keeping the entry's spec location.
/// A gate on a metric that was not computed (or is NaN) is a failed gate saying so.
/// </summary>
public static class GateEvaluator
{
    public static IReadOnlyList<GateResult> Evaluate(GateInputs inputs, IReadOnlyList<GateSpec> gates, IReadOnlyList<BiasSpec> bias)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(gates);
        ArgumentNullException.ThrowIfNull(bias);
        var results = new List<GateResult>();
        foreach (var gate in gates)
        {
            results.AddRange(gate.Kind switch
            {
                GateKind.Overfit => [Overfit(inputs, gate)],
                GateKind.Forgetting => [Forgetting(inputs, gate)],
                _ => MetricGate(inputs, gate),
            });
        }
        foreach (var entry in bias)
        {
            results.AddRange(BiasGate.Evaluate(inputs.Fairness, entry));
        }
        return results;
    }

    private static IEnumerable<GateResult> MetricGate(GateInputs inputs, GateSpec gate)
    {
        var results = new List<GateResult>();
        var hasAbsolute = gate.Min is not null || gate.Max is not null;
        if (hasAbsolute || gate.Against == GateReference.None)
        {
            var actual = Read(inputs.Metrics, gate.Split, gate.Metric);
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
                results.Add(Result(gate, GateResultKind.Metric, $"{gate.Metric} (no threshold)", null, null, "", false,
                    $"gate on {gate.Metric} has no min, max or against; give it a threshold"));
            }
        }
        if (gate.Against != GateReference.None)
        {
            results.AddRange(ReferenceGate.Evaluate(inputs, gate));
        }
        return results;
    }

    private static GateResult Bound(GateSpec gate, MetricRead actual, double threshold, bool atLeast)
    {
        var name = $"{gate.Metric} {(atLeast ? "min" : "max")} {AsWritten(threshold)}";
        var comparison = atLeast ? ">=" : "<=";
        if (actual.Value is not { } value)
        {
            return Result(gate, GateResultKind.Metric, name, null, threshold, comparison, false, actual.Missing!);
        }
        var passed = atLeast ? value >= threshold : value <= threshold;
        var label = $"{(atLeast ? "min" : "max")} {Number(threshold)}";
        return Result(gate, GateResultKind.Metric, name, value, threshold, comparison, passed, Compare(gate.Metric, value, atLeast, threshold, label, passed));
    }

    /// <summary>Train − validation for higher-is-better metrics, validation − train for losses: the gap that signals overfitting.</summary>
    private static GateResult Overfit(GateInputs inputs, GateSpec gate)
    {
        var maxGap = gate.MaxGap ?? 0;
        var name = $"overfit {gate.Metric} max_gap {AsWritten(maxGap)}";
        var train = Read(inputs.Metrics, MetricSplit.Train.Key(), gate.Metric);
        var validation = Read(inputs.Metrics, MetricSplit.Validation.Key(), gate.Metric);
        if (train.Value is not { } t || validation.Value is not { } v)
        {
            return Result(gate, GateResultKind.Overfit, name, null, maxGap, "<=", false, train.Missing ?? validation.Missing!);
        }
        var greater = gate.GreaterIsBetter ?? MetricNames.GreaterIsBetter(gate.Metric);
        var gap = greater ? t - v : v - t;
        var passed = gap <= maxGap;
        var subject = greater
            ? $"{gate.Metric} gap train {Number(t)} − validation {Number(v)} ="
            : $"{gate.Metric} gap validation {Number(v)} − train {Number(t)} =";
        return Result(gate, GateResultKind.Overfit, name, gap, maxGap, "<=", passed, Compare(subject, gap, false, maxGap, $"max_gap {Number(maxGap)}", passed));
    }

    /// <summary>Base − fine-tuned on the original task (sign-aware): how much the model forgot.</summary>
    private static GateResult Forgetting(GateInputs inputs, GateSpec gate)
    {
        var maxDrop = gate.MaxDrop ?? 0;
        var name = $"forgetting {gate.Metric} max_drop {AsWritten(maxDrop)}";
        if (inputs.Forgetting is null || !inputs.Forgetting.TryGetValue(gate.Metric, out var measured))
        {
            return Result(gate, GateResultKind.Forgetting, name, null, maxDrop, "<=", false,
                $"forgetting of {gate.Metric} was not measured; set evaluation.forgetting with the original task's data and metric {gate.Metric}");
        }
        var greater = gate.GreaterIsBetter ?? MetricNames.GreaterIsBetter(gate.Metric);
        var drop = greater ? measured.BaseValue - measured.FineTunedValue : measured.FineTunedValue - measured.BaseValue;
        var passed = drop <= maxDrop;
        var subject = $"{gate.Metric} on the original task: base {Number(measured.BaseValue)} → fine-tuned {Number(measured.FineTunedValue)}, drop";
        return Result(gate, GateResultKind.Forgetting, name, drop, maxDrop, "<=", passed, Compare(subject, drop, false, maxDrop, $"max_drop {Number(maxDrop)}", passed));
    }

    internal sealed record MetricRead(double? Value, string? Missing);

    internal static MetricRead Read(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> metrics, string split, string metric, string whose = "")
    {
        if (!metrics.TryGetValue(split, out var values) || !values.TryGetValue(metric, out var value))
        {
            return new(null, $"{whose}{metric} was not computed on the {split} split; add it to evaluation.metrics");
        }
        return double.IsNaN(value)
            ? new(null, $"{whose}{metric} is undefined (NaN) on the {split} split, e.g. roc_auc when only one class occurs")
            : new(value, null);
    }

    internal static GateResult Result(GateSpec gate, GateResultKind kind, string name, double? actual, double? threshold, string comparison, bool passed, string message) =>
        new()
        {
            Name = name,
            Metric = gate.Metric,
            Kind = kind,
            Actual = actual,
            Threshold = threshold,
            Comparison = comparison,
            Passed = passed,
            Severity = gate.Severity,
            Message = message,
            Location = gate.Location,
        };
}
