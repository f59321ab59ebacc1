using MlOps.Contracts.Results;
using MlOps.Core.Evaluation;
using MlOps.Specs.Model;

namespace MlOps.Core.Gates;

/// <summary>
/// Evaluates every gate and bias entry of a spec (never stopping at the first failure). One
/// GateResult per condition: a gate with both <c>min</c> and <c>max</c>, or with several change
/// tolerances, yields one result per condition, each keeping the entry's spec location.
/// A gate on a metric that was not computed (or is NaN) is a failed gate saying so. Each gate kind
/// evaluates itself (<see cref="GateKindEvaluators"/>); the helpers below are what the kinds share.
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
            var split = gate.Kind == GateKind.Forgetting ? MetricSplit.Forgetting.Key() : gate.Split;
            var evaluated = inputs.Repeats is { } repeats
                ? RepeatStatistics.Evaluate(inputs, repeats, gate)
                : GateKindEvaluators.Of(gate.Kind).Evaluate(inputs, gate);
            results.AddRange(evaluated.Select(r => r with { Split = split }));
        }
        foreach (var entry in bias)
        {
            results.AddRange(BiasGate.Evaluate(inputs.Fairness, entry).Select(r => r with { Split = inputs.FairnessSplit }));
        }
        return results;
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
