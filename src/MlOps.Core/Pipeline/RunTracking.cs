using MlOps.Core.Diagnostics;
using MlOps.Core.Reporting;
using MlOps.Core.Specs.Model;
using MlOps.Core.Tracking;
using MlOps.Mlflow;

namespace MlOps.Core.Pipeline;

/// <summary>
/// The pipeline's side of tracking: where runs go, the champion to compare with, a reusable run
/// with the same fingerprint, and logging the finished run. The tracker never decides a verdict:
/// a server that is down costs a warning (and an outbox entry), never the run.
/// </summary>
internal sealed class RunTracking(FineTuneSpec spec, RunRequest request, IRunObserver observer) : IDisposable
{
    private readonly RunTracker tracker = new(
        TrackingTarget.Select(request.TrackingUri ?? spec.Tracking.Uri, System.Environment.GetEnvironmentVariable("MLFLOW_TRACKING_URI"), RepositoryRoot(spec)),
        RepositoryRoot(spec),
        warn: observer.OnMessage);

    public static string RepositoryRoot(FineTuneSpec spec) =>
        OutboxSyncRunner.FindRepositoryRoot(Path.GetDirectoryName(spec.SpecPath) ?? ".");

    /// <summary>From --baseline-result when given, else the model version behind the champion alias.</summary>
    public ChampionInfo? Champion()
    {
        if (request.BaselineResult is { } path)
        {
            var previous = RunResultFile.Read(path);
            return new ChampionInfo("baseline-result", previous.Spec.Name, "file", path,
                previous.Metrics.GetValueOrDefault("validation") ?? new Dictionary<string, double>());
        }
        if (!spec.Gates.Any(g => g.Against == GateReference.Champion))
        {
            return null;
        }
        try
        {
            return tracker.FindChampionAsync(spec).GetAwaiter().GetResult();
        }
        catch (MlflowException e)
        {
            observer.OnMessage($"champion lookup failed, champion gates pass as 'no champion yet': {e.Message}");
            return null;
        }
    }

    /// <summary>A finished run's result.json with this fingerprint, when the store is local.</summary>
    public string? Reusable(string fingerprint)
    {
        try
        {
            var run = tracker.FindReusableAsync(spec, fingerprint).GetAwaiter().GetResult();
            return run?.LocalResultJson is { } path && File.Exists(path) ? path : null;
        }
        catch (MlflowException e)
        {
            observer.OnMessage($"reuse lookup failed, training instead: {e.Message}");
            return null;
        }
    }

    public TrackingInfo? Log(RunResult result, string outputDir)
    {
        try
        {
            return tracker.Log(result, spec, outputDir);
        }
        catch (MlOpsException e)
        {
            foreach (var diagnostic in e.Diagnostics)
            {
                observer.OnDiagnostic(diagnostic with { Severity = DiagnosticSeverity.Warning });
            }
            return null;
        }
    }

    public void Dispose() => tracker.Dispose();
}
