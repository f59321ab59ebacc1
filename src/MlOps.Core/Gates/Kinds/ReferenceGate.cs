using MlOps.Contracts.Metrics;
using MlOps.Contracts.Results;
using MlOps.Core.Evaluation;
using MlOps.Specs.Model;
using static MlOps.Core.Gates.GateText;

namespace MlOps.Core.Gates.Kinds;

/// <summary>
/// <c>against: baseline|champion</c>. <c>min_absolute_change</c> and <c>min_relative_change</c> are
/// MLflow's MetricThreshold: higher-is-better → candidate ≥ reference + change (resp. reference·(1+change)),
/// lower-is-better → candidate ≤ reference − change (resp. reference·(1−change)). MlOps adds tolerances:
/// <c>max_regression</c> (candidate ≥ reference − d, or ≤ reference + d) and <c>max_relative_regression</c>
/// (the same with d = fraction·|reference|). With none of the four, the candidate must not be worse
/// (max_regression 0). <c>significance: α</c> adds a paired test on the same examples (<see cref="SignificanceCondition"/>). No champion yet → the gate is skipped (it does not fail the run, and is not counted as passed).
/// </summary>
internal static class ReferenceGate
{
    public static IEnumerable<GateResult> Evaluate(GateInputs inputs, GateSpec gate)
    {
        var kind = gate.Against == GateReference.Champion ? GateResultKind.Champion : GateResultKind.Baseline;
        var conditions = Conditions(gate).ToList();
        var candidate = GateEvaluator.Read(inputs.Metrics, gate.Split, gate.Metric);
        if (gate.Against == GateReference.Champion && inputs.Champion is null)
        {
            return conditions.Select(c => GateEvaluator.Result(gate, kind, Name(gate, c), candidate.Value, null, Symbol(gate), true,
                $"no champion yet: {gate.Metric} has nothing to be compared with; this run can become the first champion") with { Skipped = true });
        }
        var reference = gate.Against == GateReference.Champion
            ? ReadChampion(inputs.Champion!, gate.Metric)
            : GateEvaluator.Read(inputs.Baseline, gate.Split, gate.Metric, "baseline ");
        return conditions.Select(c => c.Key == SignificanceCondition.Key
            ? SignificanceCondition.Check(inputs, gate, kind, Name(gate, c), candidate, reference)
            : Check(gate, kind, c, candidate, reference));
    }

    /// <summary>"baseline" or "champion", as the spec wrote it.</summary>
    private static string Against(GateSpec gate) => gate.Against.ToString().ToLowerInvariant();

    private sealed record Condition(string Key, double Amount);

    private static IEnumerable<Condition> Conditions(GateSpec gate)
    {
        var any = false;
        if (gate.MinAbsoluteChange is { } a) { any = true; yield return new("min_absolute_change", a); }
        if (gate.MinRelativeChange is { } r) { any = true; yield return new("min_relative_change", r); }
        if (gate.MaxRegression is { } d) { any = true; yield return new("max_regression", d); }
        if (gate.MaxRelativeRegression is { } f) { any = true; yield return new("max_relative_regression", f); }
        if (gate.Significance is { } alpha) { any = true; yield return new(SignificanceCondition.Key, alpha); }
        if (!any && gate.Min is null && gate.Max is null)
        {
            yield return new("max_regression", 0);
        }
    }

    private static GateResult Check(GateSpec gate, GateResultKind kind, Condition condition, GateEvaluator.MetricRead candidate, GateEvaluator.MetricRead reference)
    {
        var name = Name(gate, condition);
        if (candidate.Value is not { } value || reference.Value is not { } refValue)
        {
            return GateEvaluator.Result(gate, kind, name, candidate.Value, null, Symbol(gate), false, candidate.Missing ?? reference.Missing!);
        }
        var greater = IsGreaterBetter(gate);
        var sign = greater ? 1 : -1;
        var (threshold, how) = condition.Key switch
        {
            "min_absolute_change" => (refValue + (sign * condition.Amount), greater ? "+" : "−"),
            "min_relative_change" => (refValue * (1 + (sign * condition.Amount)), greater ? "× 1 +" : "× 1 −"),
            "max_regression" => (refValue - (sign * condition.Amount), greater ? "−" : "+"),
            _ => (refValue - (sign * condition.Amount * Math.Abs(refValue)), greater ? "− |ref| ×" : "+ |ref| ×"),
        };
        var passed = greater ? value >= threshold : value <= threshold;
        var label = $"{Number(threshold)} ({Against(gate)} {Number(refValue)} {how} {condition.Key} {Number(condition.Amount)})";
        return GateEvaluator.Result(gate, kind, name, value, threshold, Symbol(gate), passed, Compare(gate.Metric, value, greater, threshold, label, passed));
    }

    internal static bool IsGreaterBetter(GateSpec gate) => gate.GreaterIsBetter ?? MetricNames.GreaterIsBetter(gate.Metric);

    internal static string Symbol(GateSpec gate) => IsGreaterBetter(gate) ? ">=" : "<=";

    private static string Name(GateSpec gate, Condition condition) =>
        $"{gate.Metric} vs {Against(gate)} {condition.Key} {AsWritten(condition.Amount)}";

    private static GateEvaluator.MetricRead ReadChampion(IReadOnlyDictionary<string, double> champion, string metric) =>
        champion.TryGetValue(metric, out var value) && !double.IsNaN(value)
            ? new(value, null)
            : new(null, $"the champion has no {metric} logged, so it cannot be compared; log it on the champion's run or gate on another metric");
}
