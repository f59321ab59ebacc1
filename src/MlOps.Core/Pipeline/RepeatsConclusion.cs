using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Metrics;
using MlOps.Contracts.Results;
using MlOps.Core.Evaluation.Repeats;
using MlOps.Core.Gates;
using MlOps.Core.Host;
using MlOps.Core.Reporting;
using MlOps.Specs.Model;

namespace MlOps.Core.Pipeline;

/// <summary>
/// The end of a repeated run: each metric's spread over the repeats, the repeat closest to the mean
/// (its model, history and confusion matrix become the run's, and its model is registered), the
/// gates on their statistics (once), the reports, the parent MLflow run with the repeats as its
/// children (<c>mlflow.parentRunId</c>), and result.json (once, last).
/// </summary>
internal static class RepeatsConclusion
{
    public sealed record Repeat(int Seed, RunResult Result, OutputLayout Layout);

    /// <summary>Files of the kept repeat that are its own account, not the run's: the parent writes its own.</summary>
    private static readonly string[] RepeatOwnFiles = ["result.json", "report.md", "junit.xml"];

    public static RunOutcome Conclude(FineTuneSpec spec, OutputLayout layout, OutputLayout published, RunRequest request, GatePolicy? policy, RunTracking tracking,
        IRunObserver observer, DateTimeOffset started, IReadOnlyList<Repeat> repeats)
    {
        var spreads = MetricSpreads.Of([.. repeats.Select(r => r.Result.Metrics)]);
        var baselineSpreads = repeats.All(r => r.Result.Baseline.Count > 0)
            ? MetricSpreads.Of([.. repeats.Select(r => r.Result.Baseline)])
            : new Dictionary<string, IReadOnlyDictionary<string, MetricSpread>>();
        var keptBy = KeptBy(spec, spreads);
        var kept = Closest(repeats, spreads, keptBy);
        observer.OnMessage($"repeat kept: seed {kept.Seed}, whose validation {keptBy} is closest to the mean of {repeats.Count}");
        CopyKeptFiles(kept.Layout.Directory, layout.Directory);

        var champion = tracking.Champion();
        observer.OnStage("gating");
        var means = Means(spreads);
        var baselineMeans = Means(baselineSpreads);
        var gates = GateEvaluator.Evaluate(new GateInputs
        {
            Metrics = means,
            Baseline = baselineMeans,
            Champion = champion?.Metrics,
            Forgetting = Forgetting(means, baselineMeans),
            Fairness = kept.Result.Fairness,
            FairnessSplit = spec.Data.JudgedSplit,
            Repeats = new RepeatedRuns(spreads, baselineSpreads, repeats.Count, kept.Seed, kept.Result.Gates),
            // The kept repeat's files are this run's, its onnx/ folder included.
            Export = kept.Result.Export,
        }, spec.Gates, spec.Bias);
        RunJudgement.Announce(gates, kept.Result.Fairness, observer);

        var result = ReusedResult.Rebase(kept.Result, layout.Directory) with
        {
            Spec = new SpecInfo(spec.Name, spec.SpecPath, FineTuneRun.Fingerprint(spec)),
            Verdict = GateVerdict.Of(gates),
            Timings = new Timings(started, DateTimeOffset.UtcNow, repeats.Sum(r => r.Result.Timings.TrainingSeconds), repeats.Sum(r => r.Result.Timings.EvaluationSeconds)),
            Metrics = means,
            Baseline = baselineMeans,
            Champion = champion,
            Gates = gates,
            GatePolicyRef = policy is null ? null : request.GatePolicyRef,
            ThresholdChanges = policy?.Changes ?? [],
            Tracking = null,
            Repeats = new RepeatsSummary
            {
                Runs = [.. repeats.Select(r => new RepeatRecord(r.Seed, r.Layout.Directory, r.Result.Verdict, r.Result.Tracking?.RunId))],
                KeptSeed = kept.Seed,
                KeptBy = keptBy,
                Confidence = MetricSpreads.Confidence,
                Metrics = spreads,
                Baseline = baselineSpreads,
            },
        };
        OutputLayout.WriteAtomically(layout.ResolvedSpec, System.Text.Json.JsonSerializer.Serialize(spec, RunResultJson.Options));
        result = result with { Advice = AdviceBuilder.Build(result, spec.Training) };
        return ParentRunPublication.Publish(result, layout, published, tracking, observer, repeats.Select(r => r.Result));
    }

    /// <summary>The first metric gate's metric, else the first evaluation metric, else any computed one (validation split).</summary>
    private static string KeptBy(FineTuneSpec spec, IReadOnlyDictionary<string, IReadOnlyDictionary<string, MetricSpread>> spreads)
    {
        var validation = spreads.GetValueOrDefault(MetricSplit.Validation.Key()) ?? new Dictionary<string, MetricSpread>();
        var candidates = spec.Gates.Where(g => g.Kind == GateKind.Metric).Select(g => g.Metric).Concat(spec.Evaluation.Metrics).Concat(validation.Keys.Order(StringComparer.Ordinal));
        return candidates.FirstOrDefault(validation.ContainsKey) ?? MetricNames.Loss;
    }

    /// <summary>The repeat nearest the mean of <paramref name="metric"/>; on a tie the earlier one.</summary>
    private static Repeat Closest(IReadOnlyList<Repeat> repeats, IReadOnlyDictionary<string, IReadOnlyDictionary<string, MetricSpread>> spreads, string metric)
    {
        if (spreads.GetValueOrDefault(MetricSplit.Validation.Key())?.TryGetValue(metric, out var spread) != true)
        {
            return repeats[0];
        }
        var best = 0;
        for (var i = 1; i < repeats.Count; i++)
        {
            if (Math.Abs(spread!.Values[i] - spread.Mean) < Math.Abs(spread.Values[best] - spread.Mean))
            {
                best = i;
            }
        }
        return repeats[best];
    }

    private static Dictionary<string, IReadOnlyDictionary<string, double>> Means(IReadOnlyDictionary<string, IReadOnlyDictionary<string, MetricSpread>> spreads) =>
        spreads.ToDictionary(s => s.Key, s => (IReadOnlyDictionary<string, double>)s.Value.ToDictionary(m => m.Key, m => m.Value.Mean));

    private static Dictionary<string, ForgettingMeasurement>? Forgetting(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> metrics, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> baseline) =>
        metrics.TryGetValue(MetricSplit.Forgetting.Key(), out var after) && baseline.TryGetValue(MetricSplit.Forgetting.Key(), out var before)
            ? after.Keys.Where(before.ContainsKey).ToDictionary(k => k, k => new ForgettingMeasurement(before[k], after[k]))
            : null;

    /// <summary>The kept repeat's model, adapter, history and base-model record, copied to the run's folder (the parent run's artifacts).</summary>
    internal static void CopyKeptFiles(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var top = relative.Split(Path.DirectorySeparatorChar)[0];
            if (RepeatOwnFiles.Contains(relative) || top is "plots" or "checkpoint")
            {
                continue;
            }
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
