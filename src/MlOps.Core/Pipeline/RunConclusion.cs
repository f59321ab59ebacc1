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
/// The part every finished run shares, whatever it trained: the result record, then gates, reports,
/// result.json and tracking, in that order (result.json is written before tracking can fail).
/// </summary>
internal static class RunConclusion
{
    public static RunResult NewResult(RunContext run, RunRequest request, Gates.GatePolicy? policy, RunTracking tracking,
        TrainingOutcome outcome, RunEvaluation evaluated, DateTimeOffset started, TimeSpan evaluation)
    {
        var spec = run.Spec;
        var layout = run.Layout;
        var baseSource = run.BaseSource;
        return new RunResult
        {
            ToolVersion = ToolVersion.Current,
            Spec = new SpecInfo(spec.Name, spec.SpecPath, run.Fingerprint),
            Verdict = "passed",
            Device = run.Device.type.ToString().ToLowerInvariant(),
            Threads = run.Threads,
            Timings = new Timings(started, DateTimeOffset.UtcNow, outcome.TrainingSeconds, evaluation.TotalSeconds),
            Datasets = [.. run.Data.Datasets.Select(d => new DatasetRecord(d.Name, d.Context, d.Path, d.Sha256, d.Rows, d.Columns, d.ClassCounts))],
            Model = new ModelInfo(spec.Base.Model, spec.Base.Checkpoint, baseSource?.Digest,
                outcome.Plan.TotalParameters, outcome.Plan.TrainableParameters, outcome.Plan.Frozen) { BaseSource = baseSource },
            Training = new TrainingSummary(spec.Training.Epochs, outcome.History.Count, outcome.BestEpoch, outcome.StopReason, outcome.Resumed, outcome.History)
            {
                TrainRows = run.Data.Train.Rows,
                ValidationRows = run.Data.Validation.Rows,
            },
            Metrics = evaluated.Metrics,
            Baseline = evaluated.Baseline,
            Classes = evaluated.Predictions is null ? [] : run.Data.Classes,
            ConfusionMatrix = evaluated.ConfusionMatrix,
            Outputs = new OutputPaths(layout.Directory, layout.Model, layout.ResolvedSpec, layout.History, null, null, []),
            Champion = tracking.Champion(),
            GatePolicyRef = policy is null ? null : request.GatePolicyRef,
            ThresholdChanges = policy?.Changes ?? [],
            Precision = PrecisionCheck.Name(spec.Training.Precision),
        };
    }

    public static RunOutcome Finish(RunContext run, RunResult result, Predictions? predictions, RunTracking tracking, IRunObserver observer)
    {
        var folder = run.Layout.Directory;
        observer.OnStage("gating");
        result = RunJudgement.Judge(run, result, predictions, observer);
        var reports = ReportWriter.WriteAll(result, folder);
        result = result with { Outputs = result.Outputs with { Report = reports.Markdown, Junit = reports.Junit, Plots = reports.Plots } };
        RunResultFile.Write(result, run.Layout.Result);

        observer.OnStage("tracking");
        if (tracking.Log(result, folder) is { } tracked)
        {
            result = result with { Tracking = tracked };
            ReportWriter.WriteAll(result, folder);
            RunResultFile.Write(result, run.Layout.Result);
        }
        return new RunOutcome(GateVerdict.HasFailed(result.Gates) ? ExitCodes.GateFailed : ExitCodes.Passed, result, run.Layout.Result);
    }
}
