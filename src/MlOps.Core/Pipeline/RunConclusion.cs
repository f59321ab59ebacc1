using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Evaluation;
using MlOps.Core.Gates;
using MlOps.Core.Host;
using MlOps.Core.Reporting;
using MlOps.Core.Training;
using MlOps.Specs.Model;

namespace MlOps.Core.Pipeline;

/// <summary>
/// The part every trained run shares, in one direction: the champion, the gates and the verdict
/// (once), the result and its reports, tracking, and result.json (once, last, with the tracking block).
/// </summary>
internal static class RunConclusion
{
    /// <summary>What training, evaluation and saving handed over.</summary>
    public sealed record Trained(TrainingOutcome Outcome, RunEvaluation Evaluated, SavedModel Saved, TimeSpan EvaluationTime)
    {
        /// <summary>Scores another model's weights on this run's examples (a classifier's champion); null when the run cannot.</summary>
        public Func<string, SplitMetrics>? ScoreReference { get; init; }

        /// <summary>The ONNX export and its parity; null when the spec exports nothing.</summary>
        public OnnxExportInfo? Export { get; init; }
    }

    public static RunOutcome Conclude(RunContext run, RunSession session, Trained trained)
    {
        var champion = session.Tracking.Champion();
        session.Observer.OnStage("gating");
        var judgement = RunJudgement.Judge(run, trained.Evaluated, champion, session.Observer, ChampionPredictions(run, session, trained, champion), trained.Export);
        var result = NewResult(run, session, trained, champion, judgement);
        // Before tracking, which uploads the output folder: an auditor recomputes any metric from it.
        if (trained.Evaluated.Predictions is { } scored)
        {
            // Validation rows, then the test rows when there is a test split (the split column tells them apart).
            var scoredSplits = trained.Evaluated.Paired?.Model ?? new Dictionary<string, Predictions>();
            List<(string, Predictions, int[]?)> rows = [(MetricSplit.Validation.Key(), scoredSplits.GetValueOrDefault(MetricSplit.Validation.Key()) ?? scored, run.Data.Validation.SourceLines)];
            if (run.Data.Test is { } test && scoredSplits.GetValueOrDefault(MetricSplit.Test.Key()) is { } testScored)
            {
                rows.Add((MetricSplit.Test.Key(), testScored, test.SourceLines));
            }
            var predictions = PredictionsExport.Write(run.Layout.Predictions, rows);
            result = result with { Outputs = result.Outputs with { Predictions = predictions } };
        }
        result = result with { Advice = AdviceBuilder.Build(result, run.Spec.Training) };
        // The reports hold nothing tracking adds: written once, before tracking, which uploads them (report.md is the run's MLflow note).
        SpectrogramPlot.Write(run.Data.AudioExamples, Path.Combine(run.Layout.Directory, ReportWriter.PlotsFolder));
        var reports = ReportWriter.WriteAll(result, run.Layout.Directory);
        result = result with { Outputs = result.Outputs with { Report = reports.Markdown, Junit = reports.Junit, Plots = reports.Plots, ModelCard = reports.ModelCard } };

        session.Observer.OnStage("tracking");
        // Tracking uploads the staging folder; result.json names the files where the swap puts them.
        using var publication = new ResultPublication(StagedResult.Published(result, run.Layout.Directory, run.Published.Directory), run.Layout.Result);
        result = publication.Commit(session.Tracking.Log(result, run.Layout.Directory, publication.Stage));
        return new RunOutcome(result.Verdict == RunVerdict.Failed ? ExitCodes.GateFailed : ExitCodes.Passed, result, run.Published.Result);
    }

    /// <summary>
    /// For gates with significance against the champion: the champion's weights scored on this run's
    /// examples (downloaded to a scratch folder that is removed after), or why that was not possible.
    /// </summary>
    private static (IReadOnlyDictionary<string, Predictions>?, string?)? ChampionPredictions(RunContext run, RunSession session, Trained trained, ChampionInfo? champion)
    {
        if (champion is null || !run.Spec.Gates.Any(g => g.Against == GateReference.Champion && g.Significance is not null))
        {
            return null;
        }
        if (trained.ScoreReference is not { } score)
        {
            return (null, "this run makes no class predictions to pair with the champion's");
        }
        var scratch = Path.Combine(Path.GetTempPath(), "mlops-champion-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (path, missing) = session.Tracking.ChampionModel(champion, scratch);
            return path is null ? (null, missing) : (score(path).Predictions, null);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or MlOpsException or ArgumentException or System.Text.Json.JsonException)
        {
            return (null, e.Message);
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    private static RunResult NewResult(RunContext run, RunSession session, Trained trained, ChampionInfo? champion, Judgement judgement)
    {
        var spec = run.Spec;
        var layout = run.Layout;
        var baseSource = run.BaseSource;
        var outcome = trained.Outcome;
        var evaluated = trained.Evaluated;
        return new RunResult
        {
            ToolVersion = ToolVersion.Current,
            Spec = new SpecInfo(spec.Name, spec.SpecPath, run.Fingerprint),
            Verdict = judgement.Verdict,
            Device = run.Device.type.ToString().ToLowerInvariant(),
            Threads = run.Threads,
            Timings = new Timings(session.Started, DateTimeOffset.UtcNow, outcome.TrainingSeconds, trained.EvaluationTime.TotalSeconds),
            Datasets = [.. run.Data.Datasets.Select(d => new DatasetRecord(d.Name, d.Context, d.Path, d.Sha256, d.Rows, d.Columns, d.ClassCounts))],
            Model = new ModelInfo(spec.Base.Model, spec.Base.Checkpoint, baseSource?.Digest,
                outcome.Plan.TotalParameters, outcome.Plan.TrainableParameters, outcome.Plan.Frozen) { BaseSource = baseSource },
            Training = new TrainingSummary(spec.Training.Epochs, outcome.History.Count, outcome.BestEpoch, outcome.StopReason, outcome.Resumed, outcome.History)
            {
                TrainRows = run.Data.Train.Rows,
                ValidationRows = run.Data.Validation.Rows,
                TestRows = run.Data.Test?.Rows ?? 0,
            },
            GatedOnSplit = spec.Data.JudgedSplit,
            Metrics = evaluated.Metrics,
            Baseline = evaluated.Baseline,
            Classes = evaluated.Predictions is null ? [] : run.Data.Classes,
            ConfusionMatrix = evaluated.ConfusionMatrix,
            Outputs = new OutputPaths(layout.Directory, layout.Model, layout.ResolvedSpec, layout.History, null, null, []) { Adapter = trained.Saved.AdapterFolder },
            Champion = champion,
            Gates = judgement.Gates,
            Fairness = judgement.Fairness,
            GatePolicyRef = session.Policy is null ? null : session.Request.GatePolicyRef,
            ThresholdChanges = session.Policy?.Changes ?? [],
            Precision = PrecisionCheck.Name(spec.Training.Precision),
            Adapter = trained.Saved.Adapter,
            Export = trained.Export,
            GenerationExamples = evaluated.GenerationExamples,
        };
    }
}
