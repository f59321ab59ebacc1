using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using MlOps.Core.Tracking.Backends;
using MlOps.Mlflow;
using MlOps.Specs.Model;

namespace MlOps.Core.Tracking;

/// <summary>A finished run trained from the same fingerprint, whose result can be reused.</summary>
public sealed record ReusableRun(string RunId, string ExperimentId, string ResultJsonUri);

public sealed partial class RunTracker
{
    /// <summary>Where a run's result.json sits among its artifacts.</summary>
    public const string ResultArtifactPath = "result.json";

    /// <summary>The version behind the champion alias and its run's validation metrics; null when there is none.</summary>
    public async Task<ChampionInfo?> FindChampionAsync(FineTuneSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var model = spec.Tracking.RegisterAs ?? spec.Name;
        var alias = spec.Tracking.ChampionAlias;
        var version = await tracking.GetVersionByAliasAsync(model, alias, cancellationToken).ConfigureAwait(false);
        if (version?.RunId is null)
        {
            return null;
        }
        var run = await tracking.GetRunAsync(version.RunId, cancellationToken).ConfigureAwait(false);
        var metrics = ChampionMetrics.FromLogged(run.Metrics.Select(m => (m.Key, m.Value)), spec.Data.JudgedSplit);
        return new ChampionInfo(alias, model, version.Version, version.RunId, metrics);
    }

    /// <summary>
    /// Downloads every artifact of <paramref name="run"/> (result.json, model/, reports: the run's
    /// output folder as it was uploaded) into <paramref name="outputDir"/>, over REST or from a file
    /// store alike; returns the local result.json, or null when the run has none.
    /// </summary>
    public async Task<string?> DownloadReusableAsync(ReusableRun run, string outputDir, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var client = new MlflowClient(tracking);
        await client.DownloadArtifactsAsync(run.RunId, null, outputDir, cancellationToken).ConfigureAwait(false);
        var result = Path.Combine(outputDir, ResultArtifactPath);
        return File.Exists(result) ? result : null;
    }

    /// <summary>The champion run's <c>model/</c> artifacts, downloaded into <paramref name="folder"/>; the weights file, or null when it has none.</summary>
    public async Task<string?> DownloadModelAsync(string runId, string folder, CancellationToken cancellationToken = default)
    {
        using var client = new MlflowClient(tracking);
        await client.DownloadArtifactsAsync(runId, "model", folder, cancellationToken).ConfigureAwait(false);
        return Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "model.safetensors", SearchOption.AllDirectories).FirstOrDefault() : null;
    }

    /// <summary>The tracking block of a reused run, for a result.json uploaded without one.</summary>
    public TrackingInfo Info(ReusableRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new TrackingInfo(tracking.TrackingUri, run.ExperimentId, run.RunId,
            TrackingBackends.Of(target.Kind).RunPage(target, run.ExperimentId, run.RunId), Outboxed: false, RegisteredVersion: null);
    }

    /// <summary>The newest FINISHED run tagged with this fingerprint, in the spec's experiment.</summary>
    public async Task<ReusableRun?> FindReusableAsync(FineTuneSpec spec, string fingerprint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(fingerprint);
        var experiment = await tracking.GetExperimentByNameAsync(spec.Tracking.Experiment ?? spec.Name, cancellationToken).ConfigureAwait(false);
        if (experiment is null)
        {
            return null;
        }
        var filter = $"tags.`{RunTags.Fingerprint}` = '{fingerprint.Replace("'", "", StringComparison.Ordinal)}' and attributes.status = 'FINISHED'";
        var runs = await tracking.SearchRunsAsync([experiment.ExperimentId], filter, 1, cancellationToken).ConfigureAwait(false);
        return runs.FirstOrDefault() is { } run
            ? new ReusableRun(run.Info.RunId, experiment.ExperimentId, $"{run.Info.ArtifactUri.TrimEnd('/')}/{ResultArtifactPath}")
            : null;
    }

    /// <summary>
    /// Runs of this spec and fingerprint that a killed process left RUNNING (its owner is gone):
    /// finished as KILLED before a new run of the same spec starts.
    /// </summary>
    public async Task<RepairReport> FinishAbandonedAsync(FineTuneSpec spec, string fingerprint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(fingerprint);
        var experiment = await tracking.GetExperimentByNameAsync(spec.Tracking.Experiment ?? spec.Name, cancellationToken).ConfigureAwait(false);
        return experiment is null
            ? new RepairReport(0, 0, 0)
            : await AbandonedRuns.FinishAsync(tracking, experiment.ExperimentId, fingerprint, OutboxDirectory, warn, cancellationToken).ConfigureAwait(false);
    }
}
