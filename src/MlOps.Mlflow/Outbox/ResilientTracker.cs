using MlOps.Mlflow.FileStore;

namespace MlOps.Mlflow.Outbox;

/// <summary>
/// Records runs on the primary tracking store; when the server stays unreachable past its retry
/// budget, the whole run goes to a local outbox (an MLflow file store) instead, with a warning,
/// and the caller carries on. <see cref="OutboxSync"/> uploads it later.
/// </summary>
public sealed class ResilientTracker(IMlflowTracking primary, string outboxDirectory, Action<string>? warn = null)
{
    public IMlflowTracking Primary { get; } = primary;
    public string OutboxDirectory { get; } = Path.GetFullPath(outboxDirectory);

    public async Task<RecordedRun> RecordAsync(RunRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            return await RunRecorder.RecordAsync(Primary, record, cancellationToken).ConfigureAwait(false);
        }
        catch (MlflowUnavailableException e)
        {
            warn?.Invoke($"MLflow at {Primary.TrackingUri} is unavailable ({e.Message}). The run was kept in the outbox {OutboxDirectory}; run `mlops sync` to upload it.");
            return await WriteToOutboxAsync(record, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The registration is not done locally: it is kept as tags and done by sync, on the server.</summary>
    private async Task<RecordedRun> WriteToOutboxAsync(RunRecord record, CancellationToken cancellationToken)
    {
        var outbox = new MlflowFileStore(OutboxDirectory);
        var tags = record.Tags.ToList();
        if (record.Registration is { } r)
        {
            tags.Add(new MlflowTag(ModelRegistration.ModelTag, r.ModelName));
            tags.Add(new MlflowTag(ModelRegistration.PathTag, r.ModelArtifactPath));
            if (!string.IsNullOrEmpty(r.Alias))
            {
                tags.Add(new MlflowTag(ModelRegistration.AliasTag, r.Alias));
            }
        }
        // The closing files say where the run went: to the outbox, not (yet) to the server.
        var closing = record.ClosingArtifacts is { } files ? run => files(run with { Outboxed = true }) : (Func<RecordedRun, IReadOnlyList<ArtifactFile>>?)null;
        var local = await RunRecorder.RecordAsync(outbox, record with { Tags = tags, Registration = null, ClosingArtifacts = closing }, cancellationToken).ConfigureAwait(false);
        return local with { Outboxed = true };
    }
}
