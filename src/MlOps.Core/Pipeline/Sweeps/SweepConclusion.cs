using System.Globalization;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Metrics;
using MlOps.Contracts.Results;
using MlOps.Core.Evaluation;
using MlOps.Core.Gates;
using MlOps.Core.Host;
using MlOps.Core.Reporting;
using MlOps.Specs.Model;
using MlOps.Specs.Sweeps;

namespace MlOps.Core.Pipeline.Sweeps;

/// <summary>
/// The end of a sweep, the same whether the trials ran here one after another or on separate
/// machines (`mlops aggregate`): the winner by the sweep's validation metric; its model, metrics,
/// gates and verdict become the run's (its gates were evaluated by its own run, against the same
/// baseline and champion); its model is registered; the parent MLflow run nests the trials
/// (<c>mlflow.parentRunId</c>); result.json gets the sweep block, written once, last.
/// </summary>
internal static class SweepConclusion
{
    public sealed record Trial(SweepTrial Plan, RunResult Result, OutputLayout Layout);

    /// <summary>What the report and advice say when the spec has no test split, so the split that chose the winner also gates it.</summary>
    public const string SameSplitWarning =
        "the sweep's winner is gated on the validation split that chose it: its metrics are optimistic (picked as the best of the trials), so leave a margin in the thresholds";

    public static RunOutcome Conclude(FineTuneSpec spec, OutputLayout layout, OutputLayout published, RunRequest request, GatePolicy? policy, RunTracking tracking,
        IRunObserver observer, DateTimeOffset started, IReadOnlyList<Trial> trials)
    {
        var sweep = spec.Sweep!;
        if (SweepWinner.Pick([.. trials.Select(t => t.Result)], sweep.Metric) is not { } index)
        {
            throw new MlOpsException(Diagnostic.Error(EvaluationErrorCodes.SweepResultsIncomplete,
                $"no trial computed validation '{sweep.Metric}', the metric the sweep picks its winner by: add it to `evaluation.metrics`", spec.At(sweep.Location)));
        }
        var winner = trials[index];
        observer.OnMessage($"sweep winner: {winner.Plan.Id} ({winner.Plan.Overrides}), validation {sweep.Metric} "
            + SweepWinner.ValueOf(winner.Result, sweep.Metric)!.Value.ToString("0.####", CultureInfo.InvariantCulture) + $" (best of {trials.Count})");
        // With a test split the winner's gates read test (chosen on validation, judged on unseen data); without one they read the choosing split.
        var gatedOnSelection = winner.Result.GatedOnSplit == MetricSplit.Validation.Key();
        if (gatedOnSelection)
        {
            observer.OnMessage(SameSplitWarning);
        }
        RepeatsConclusion.CopyKeptFiles(winner.Layout.Directory, layout.Directory);
        observer.OnStage("gating");
        RunJudgement.Announce(winner.Result.Gates, winner.Result.Fairness, observer);

        var result = ReusedResult.Rebase(winner.Result, layout.Directory) with
        {
            Spec = new SpecInfo(spec.Name, spec.SpecPath, FineTuneRun.Fingerprint(spec)),
            Timings = new Timings(started, DateTimeOffset.UtcNow, trials.Sum(t => t.Result.Timings.TrainingSeconds), trials.Sum(t => t.Result.Timings.EvaluationSeconds)),
            GatePolicyRef = policy is null ? null : request.GatePolicyRef,
            Tracking = null,
            Sweep = new SweepSummary
            {
                Method = sweep.Method == SweepMethod.Random ? "random" : "grid",
                Metric = sweep.Metric,
                GreaterIsBetter = MetricNames.GreaterIsBetter(sweep.Metric),
                Trials = [.. trials.Select(t => new SweepTrialRecord(t.Plan.Id, t.Plan.Values.ToDictionary(v => v.Key, v => v.Value),
                    SweepWinner.ValueOf(t.Result, sweep.Metric), t.Result.Verdict, t.Layout.Directory, t.Result.Tracking?.RunId))],
                Winner = winner.Plan.Id,
                GatedOn = winner.Result.GatedOnSplit,
            },
        };
        OutputLayout.WriteAtomically(layout.ResolvedSpec, System.Text.Json.JsonSerializer.Serialize(winner.Plan.Apply(spec), RunResultJson.Options));
        result = result with { Advice = gatedOnSelection ? [.. AdviceBuilder.Build(result, spec.Training), SameSplitWarning] : AdviceBuilder.Build(result, spec.Training) };
        return ParentRunPublication.Publish(result, layout, published, tracking, observer, trials.Select(t => t.Result));
    }
}
