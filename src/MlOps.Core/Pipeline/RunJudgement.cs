using MlOps.Contracts.Results;
using MlOps.Core.Evaluation;
using MlOps.Core.Fairness;
using MlOps.Core.Gates;

namespace MlOps.Core.Pipeline;

/// <summary>The gates' answer for one run: every gate and bias result, the fairness behind them, and the verdict they make.</summary>
internal sealed record Judgement(IReadOnlyList<GateResult> Gates, IReadOnlyList<FairnessResult> Fairness, RunVerdict Verdict);

/// <summary>Fairness for every bias entry, then every gate (the champion already looked up), then the verdict: once per run.</summary>
internal static class RunJudgement
{
    /// <param name="championScored">The champion's predictions of the same examples, or why there are none; null when no gate asks.</param>
    public static Judgement Judge(RunContext run, RunEvaluation evaluated, ChampionInfo? champion, IRunObserver observer,
        (IReadOnlyDictionary<string, Predictions>? Predictions, string? Missing)? championScored = null, OnnxExportInfo? export = null)
    {
        var spec = run.Spec;
        // Masked-LM pretraining makes no class predictions, so it has no bias checks.
        var fairness = evaluated.Predictions is not { } validation
            ? []
            : FairnessCalculator.ComputeAll(validation, spec.Bias, spec.Evaluation.PositiveLabel, spec.Evaluation.Bootstrap, spec.Seed);
        fairness = [.. fairness, .. evaluated.Fairness];
        var forgetting = evaluated.Metrics.TryGetValue(MetricSplit.Forgetting.Key(), out var after) && evaluated.Baseline.TryGetValue(MetricSplit.Forgetting.Key(), out var before)
            ? after.Keys.Where(before.ContainsKey).ToDictionary(k => k, k => new ForgettingMeasurement(before[k], after[k]))
            : null;
        var gates = GateEvaluator.Evaluate(new GateInputs
        {
            Metrics = evaluated.Metrics,
            Baseline = evaluated.Baseline,
            Champion = champion?.Metrics,
            Forgetting = forgetting,
            Fairness = fairness,
            FairnessSplit = spec.Data.JudgedSplit,
            Paired = evaluated.Paired is { } paired
                ? new PairedPredictions(paired.Model, paired.Baseline, spec.Seed, spec.Evaluation.Bootstrap?.Samples ?? new Specs.Model.BootstrapSpec().Samples, spec.Evaluation.PositiveLabel)
                {
                    Champion = championScored?.Predictions,
                    ChampionMissing = championScored?.Missing,
                }
                : null,
            Export = export,
        }, spec.Gates, spec.Bias);
        Announce(gates, fairness, observer);
        return new Judgement(gates, fairness, GateVerdict.Of(gates));
    }

    /// <summary>
    /// What the front ends show of a judgement: every gate, then the fairness warnings. The one path
    /// for a judged run and for a reused one (--reuse replays its result.json), so both print the same.
    /// </summary>
    public static void Announce(IReadOnlyList<GateResult> gates, IReadOnlyList<FairnessResult> fairness, IRunObserver observer)
    {
        foreach (var gate in gates)
        {
            observer.OnGate(gate);
        }
        foreach (var warning in fairness.SelectMany(f => f.Warnings))
        {
            observer.OnMessage(warning);
        }
    }
}
