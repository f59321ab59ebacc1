using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Reporting;
using MlOps.Core.Tracking;
using MlOps.Mlflow;
using MlOps.Specs;
using MlOps.Specs.Model;

namespace MlOps.Core.Pipeline;

/// <summary>
/// The pipeline's side of tracking: where runs go, the champion to compare with, a reusable run
/// with the same fingerprint, and logging the finished run. The tracker never decides a verdict:
/// a server that is down costs a warning (and an outbox entry), never the run.
/// </summary>
internal sealed class RunTracking : IDisposable
{
    private readonly FineTuneSpec spec;
    private readonly RunRequest request;
    private readonly IRunObserver observer;
    /// <summary>Null when the store could not even be opened: the run goes on untracked, with a warning.</summary>
    private readonly RunTracker? tracker;

    public RunTracking(FineTuneSpec spec, RunRequest request, IRunObserver observer)
    {
        this.spec = spec;
        this.request = request;
        this.observer = observer;
        // An unsupported URI is bad input (MlOpsException, exit 2); a store that cannot be written is not.
        var target = TrackingTarget.Select(request.TrackingUri ?? spec.Tracking.Uri, System.Environment.GetEnvironmentVariable("MLFLOW_TRACKING_URI"), RepositoryRoot(spec),
            specUriSource: request.TrackingUri is not null ? "--tracking-uri" : spec.SpecPath);
        try
        {
            tracker = new RunTracker(target, RepositoryRoot(spec), warn: observer.OnMessage);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Unwritable(target.Uri, e);
        }
    }

    private void Unwritable(string where, Exception e) =>
        observer.OnDiagnostic(Diagnostic.Warning(TrackingErrorCodes.StoreUnwritable,
            $"the run was not tracked: {where} cannot be written ({e.Message}). The verdict stands; fix the folder (or set tracking.uri / MLFLOW_TRACKING_URI elsewhere) and run again to track it.",
            SourceLocation.None(spec.SpecPath)));

    public static string RepositoryRoot(FineTuneSpec spec) =>
        SpecLoader.FindRepositoryRoot(Path.GetDirectoryName(spec.SpecPath) ?? ".");

    /// <summary>From --baseline-result when given, else the model version behind the champion alias.</summary>
    public ChampionInfo? Champion()
    {
        if (request.BaselineResult is { } path)
        {
            var previous = RunResultFile.Read(path);
            return new ChampionInfo("baseline-result", previous.Spec.Name, "file", path,
                ChampionMetrics.Of(previous.Metrics, spec.Data.JudgedSplit));
        }
        if (!spec.Gates.Any(g => g.Against == GateReference.Champion))
        {
            return null;
        }
        if (tracker is null)
        {
            return null;
        }
        try
        {
            return tracker.FindChampionAsync(spec).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is MlflowException or IOException or UnauthorizedAccessException)
        {
            observer.OnMessage($"champion lookup failed, champion gates pass as 'no champion yet': {e.Message}");
            return null;
        }
    }

    /// <summary>
    /// The champion's weights as a local file, for a paired test on the same examples: the model of
    /// --baseline-result's run, or the champion run's model/ artifacts downloaded into <paramref name="scratch"/>.
    /// Null (with the reason) when they cannot be had.
    /// </summary>
    public (string? Path, string? Missing) ChampionModel(ChampionInfo champion, string scratch)
    {
        ArgumentNullException.ThrowIfNull(champion);
        if (request.BaselineResult is { } previous)
        {
            var model = RunResultFile.Read(previous).Outputs.Model;
            return File.Exists(model) ? (model, null) : (null, $"the model of --baseline-result ({model}) is not there");
        }
        if (tracker is null)
        {
            return (null, "the tracking store could not be opened");
        }
        try
        {
            return tracker.DownloadModelAsync(champion.RunId, scratch).GetAwaiter().GetResult() is { } path
                ? (path, null)
                : (null, $"champion run {champion.RunId} has no model/model.safetensors artifact");
        }
        catch (Exception e) when (e is MlflowException or IOException or UnauthorizedAccessException)
        {
            return (null, $"the champion's model could not be downloaded: {e.Message}");
        }
    }

    /// <summary>
    /// A finished run with this fingerprint, its artifacts downloaded into <paramref name="outputDir"/>
    /// (from a file store or a server alike): the local result.json and the run's tracking block, or null to train instead.
    /// </summary>
    public (string ResultJson, TrackingInfo Tracking)? Reusable(string fingerprint, string outputDir)
    {
        if (tracker is null)
        {
            return null;
        }
        try
        {
            return tracker.FindReusableAsync(spec, fingerprint).GetAwaiter().GetResult() is { } run
                && tracker.DownloadReusableAsync(run, outputDir).GetAwaiter().GetResult() is { } resultJson
                ? (resultJson, tracker.Info(run))
                : null;
        }
        catch (Exception e) when (e is MlflowException or IOException or UnauthorizedAccessException)
        {
            observer.OnMessage($"reuse lookup failed, training instead: {e.Message}");
            ResultPublication.DeleteStale(Path.Combine(outputDir, RunTracker.ResultArtifactPath));
            return null;
        }
    }

    /// <param name="stageResult">Writes result.json as it will be with this tracking block and returns the file, uploaded as the run's result.json.</param>
    public TrackingInfo? Log(RunResult result, string outputDir, Func<TrackingInfo, string>? stageResult = null)
    {
        if (tracker is null)
        {
            return null;
        }
        try
        {
            return tracker.Log(result, spec, outputDir, stageResult);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Unwritable("the tracking store or outbox", e);
            return null;
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

    /// <summary>Nests the repeats' runs under their parent (tag mlflow.parentRunId); a failure costs a warning, never the run.</summary>
    public void LinkChildren(string parentRunId, IReadOnlyList<string> childRunIds)
    {
        if (tracker is null)
        {
            return;
        }
        try
        {
            tracker.TagChildrenAsync(parentRunId, childRunIds).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is MlflowException or IOException or UnauthorizedAccessException)
        {
            observer.OnMessage($"the repeats' runs were not nested under run {parentRunId}: {e.Message}");
        }
    }

    public void Dispose() => tracker?.Dispose();
}
