using MlOps.Contracts.Results;
using MlOps.Core.Evaluation;
using MlOps.Core.Fairness;
using MlOps.Core.Gates;
using MlOps.Core.Reporting;

namespace MlOps.Core.Pipeline;

/// <summary>Fairness for every bias entry, then every gate, then the verdict and the advice.</summary>
internal static class RunJudgement
{
    /// <param name="validation">Null for masked-LM pretraining, which makes no class predictions (and has no bias checks).</param>
    public static RunResult Judge(RunContext run, RunResult result, Predictions? validation, IRunObserver observer)
    {
        var spec = run.Spec;
        var fairness = validation is null
            ? []
            : FairnessCalculator.ComputeAll(validation, spec.Bias, spec.Evaluation.PositiveLabel, spec.Evaluation.Bootstrap, spec.Seed);
        var forgetting = result.Metrics.TryGetValue("forgetting", out var after) && result.Baseline.TryGetValue("forgetting", out var before)
            ? after.Keys.Where(before.ContainsKey).ToDictionary(k => k, k => new ForgettingMeasurement(before[k], after[k]))
            : null;
        var gates = GateEvaluator.Evaluate(new GateInputs
        {
            Metrics = result.Metrics,
            Baseline = result.Baseline,
            Champion = result.Champion?.Metrics,
            Forgetting = forgetting,
            Fairness = fairness,
        }, spec.Gates, spec.Bias);
        foreach (var gate in gates)
        {
            observer.OnGate(gate);
        }
        foreach (var warning in fairness.SelectMany(f => f.Warnings))
        {
            observer.OnMessage(warning);
        }
        var judged = result with { Gates = gates, Fairness = fairness, Verdict = GateVerdict.Of(gates) };
        return judged with { Advice = AdviceBuilder.Build(judged) };
    }
}
