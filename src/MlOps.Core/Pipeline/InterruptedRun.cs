using MlOps.Contracts.Results;
using MlOps.Core.Host;
using MlOps.Core.Training;
using MlOps.Specs.Model;

namespace MlOps.Core.Pipeline;

/// <summary>
/// A run stopped by Ctrl+C or SIGTERM is still a run: MLflow shows it as KILLED with the epochs it
/// finished, so nobody wonders where it went. No result.json is written (the run has no verdict)
/// and no model is registered.
/// </summary>
internal static class InterruptedRun
{
    public static void Log(RunContext run, OutputLayout layout, TrainingOutcome outcome, DateTimeOffset started, RunTracking tracking)
    {
        var spec = run.Spec;
        var result = new RunResult
        {
            ToolVersion = ToolVersion.Current,
            Spec = new SpecInfo(spec.Name, spec.SpecPath, run.Fingerprint),
            Verdict = RunVerdict.Stopped,
            Device = run.Device.type.ToString().ToLowerInvariant(),
            Threads = run.Threads,
            Timings = new Timings(started, DateTimeOffset.UtcNow, outcome.TrainingSeconds, 0),
            Datasets = [.. run.Data.Datasets.Select(d => new DatasetRecord(d.Name, d.Context, d.Path, d.Sha256, d.Rows, d.Columns, d.ClassCounts))],
            Model = new ModelInfo(spec.Base.Model, spec.Base.Checkpoint, null, outcome.Plan.TotalParameters, outcome.Plan.TrainableParameters, outcome.Plan.Frozen),
            Training = new TrainingSummary(spec.Training.Epochs, outcome.History.Count, outcome.BestEpoch, outcome.StopReason, outcome.Resumed, outcome.History),
            Classes = run.Data.Classes,
            Outputs = new OutputPaths(layout.Directory, layout.Model, layout.ResolvedSpec, layout.History, null, null, []),
            Precision = PrecisionCheck.Name(spec.Training.Precision),
        };
        tracking.Log(result, layout.Directory);
    }
}
