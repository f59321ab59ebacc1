using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using MlOps.Core.Tracking.Backends;
using MlOps.Mlflow;
using MlOps.Mlflow.Outbox;
using MlOps.Specs.Model;

namespace MlOps.Core.Tracking;

/// <summary>
/// Logs one run per spec to MLflow (server or file store), falling back to the outbox
/// (<c>&lt;repo&gt;/.mlops/outbox</c>) when the server is down; looks up champions and reusable runs.
/// </summary>
public sealed partial class RunTracker : IDisposable
{
    private readonly TrackingTarget target;
    private readonly string repositoryRoot;
    private readonly Func<string, string?> env;
    private readonly Action<string> warn;
    private readonly IMlflowStore tracking;
    private readonly bool ownsTracking;

    public RunTracker(TrackingTarget target, string repositoryRoot, Func<string, string?>? environment = null, Action<string>? warn = null, IMlflowStore? tracking = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        this.target = target;
        this.repositoryRoot = Path.GetFullPath(repositoryRoot);
        env = environment ?? Environment.GetEnvironmentVariable;
        this.warn = warn ?? (_ => { });
        ownsTracking = tracking is null;
        this.tracking = tracking ?? target.Open();
    }

    /// <summary>Disposes the client this tracker opened itself (an HttpClient for a server).</summary>
    public void Dispose()
    {
        if (ownsTracking)
        {
            (tracking as IDisposable)?.Dispose();
        }
    }

    public string OutboxDirectory => Path.Combine(repositoryRoot, ".mlops", "outbox");

    public TrackingInfo Log(RunResult result, FineTuneSpec spec, string outputDir, Func<TrackingInfo, string>? stageResult = null) =>
        LogAsync(result, spec, outputDir, stageResult).GetAwaiter().GetResult();

    /// <param name="stageResult">
    /// Writes result.json with the tracking block it is given and returns the file: uploaded as the
    /// run's result.json once the run's id (and registered version) are known, before it finishes.
    /// </param>
    public async Task<TrackingInfo> LogAsync(RunResult result, FineTuneSpec spec, string outputDir, Func<TrackingInfo, string>? stageResult = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var git = GitInfo.Read(repositoryRoot);
        var ci = CiContext.FromEnvironment(env);
        var record = RunRecordBuilder.Build(result, spec, outputDir, repositoryRoot, git, ci, RunUser.Of(env, ci, Environment.UserName));
        if (stageResult is not null)
        {
            record = record with { ClosingArtifacts = run => [new ArtifactFile(stageResult(Info(run)), ResultArtifactPath)] };
        }
        // A stopped run was never a candidate: saying the alias did not move would only be noise.
        if (spec.Tracking.PromoteAlias is { } alias && record.Registration?.Alias is null && result.Verdict != RunVerdict.Stopped)
        {
            warn(Diagnostic.Warning(TrackingErrorCodes.PromotionSkipped,
                $"alias '{alias}' was not moved: it moves only when every gate passed (verdict: {JsonName.Of(result.Verdict)}) on the default branch (branch: {ci.RefName ?? git.Branch ?? "unknown"}).",
                spec.Tracking.PromoteAliasLocation ?? SourceLocation.None(RepositoryRelative(spec.SpecPath))).ToString());
        }
        try
        {
            var tracker = new ResilientTracker(tracking, OutboxDirectory, RunTags.Outbox, message => warn(
                Diagnostic.Warning(TrackingErrorCodes.ServerUnavailableOutboxed, message, SourceLocation.None(spec.SpecPath)).ToString()))
            {
                SyncHint = "run `mlops sync` to upload it",
            };
            var recorded = await tracker.RecordAsync(record, cancellationToken).ConfigureAwait(false);
            if (!recorded.Outboxed)
            {
                // The store answers: earlier runs of this spec that a killed process left RUNNING are finished now (after, not before, so a server that is down costs no extra wait).
                await FinishAbandonedQuietlyAsync(spec, result.Spec.Fingerprint, cancellationToken).ConfigureAwait(false);
            }
            return Info(recorded);
        }
        catch (MlflowException e) when (e is not MlflowUnavailableException)
        {
            throw new MlOpsException(Diagnostic.Error(TrackingErrorCodes.CallRejected,
                $"MLflow at {target.Uri} refused the run: {e.Message}", SourceLocation.None(spec.SpecPath)));
        }
    }

    /// <summary>MLflow's nesting: each child run gets the tag <c>mlflow.parentRunId</c> = <paramref name="parentRunId"/> (what `mlflow ui` nests by).</summary>
    public async Task TagChildrenAsync(string parentRunId, IReadOnlyList<string> childRunIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(childRunIds);
        foreach (var child in childRunIds)
        {
            await tracking.LogBatchAsync(child, [], [], [new MlflowTag("mlflow.parentRunId", parentRunId)], cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FinishAbandonedQuietlyAsync(FineTuneSpec spec, string fingerprint, CancellationToken cancellationToken)
    {
        try
        {
            await FinishAbandonedAsync(spec, fingerprint, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MlflowException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            warn($"could not look for runs of this spec left RUNNING by a killed process ({e.Message}); `mlops sync --repair` finishes them later");
        }
    }

    /// <summary>A path as diagnostics show it: relative to the repository, like the spec's own errors.</summary>
    private string RepositoryRelative(string path) => Path.GetRelativePath(repositoryRoot, path).Replace('\\', '/');

    private TrackingInfo Info(RecordedRun recorded)
    {
        var url = recorded.Outboxed ? null : TrackingBackends.Of(target.Kind).RunPage(target, recorded.ExperimentId, recorded.Run.RunId);
        return new TrackingInfo(recorded.TrackingUri, recorded.ExperimentId, recorded.Run.RunId, url, recorded.Outboxed, recorded.RegisteredVersion);
    }
}
