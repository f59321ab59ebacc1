using MlOps.Mlflow.FileStore;

namespace MlOps.Mlflow.Outbox;

/// <summary>
/// Records runs on the primary tracking store; when the server stays unreachable past its retry
/// budget, the whole run goes to a local outbox (an MLflow file store) instead, with a warning,
/// and the caller carries on. <see cref="OutboxSync"/> uploads it later.
/// </summary>
public sealed class ResilientTracker(IMlflowStore primary, string outboxDirectory, OutboxTags tags, Action<string>? warn = null)
{
    /// <summary>The tag keys written to find, mark and finish runs.</summary>
    public OutboxTags Tags { get; } = tags ?? throw new ArgumentNullException(nameof(tags));

    /// <summary>How the warning tells the user to upload the outbox later (the caller's command, if it has one).</summary>
    public string SyncHint { get; init; } = "upload it later with OutboxSync.SyncAsync";

    /// <summary>Where runs go while it answers.</summary>
    public IMlflowStore Primary { get; } = primary;
    /// <summary>The local file store that keeps runs the primary could not take.</summary>
    public string OutboxDirectory { get; } = Path.GetFullPath(outboxDirectory);

    /// <summary>Writes the run to the primary store, or to the outbox when the primary is unavailable.</summary>
    /// <param name="record">The run.</param>
    /// <param name="cancellationToken">Cancels the remaining calls.</param>
    public async Task<RecordedRun> RecordAsync(RunRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            return await RunRecorder.RecordAsync(Primary, record, Tags, cancellationToken).ConfigureAwait(false);
        }
        catch (MlflowUnavailableException e)
        {
            warn?.Invoke($"MLflow at {Primary.TrackingUri} is unavailable ({e.Message}). The run was kept in the outbox {OutboxDirectory}; {SyncHint}.");
            return await WriteToOutboxAsync(record, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The registration is not done locally: it is kept as tags and done by sync, on the server.</summary>
    private async Task<RecordedRun> WriteToOutboxAsync(RunRecord record, CancellationToken cancellationToken)
    {
        var outbox = new MlflowFileStore(OutboxDirectory);
        var tags = record.Tags.ToList();
        // Where the run was meant to go, so that a sync without a URI replays it there (never a secret: no user info, query or fragment).
        tags.Add(new MlflowTag(Tags.Target, WithoutSecrets(Primary.TrackingUri)));
        if (record.Registration is { } r)
        {
            tags.Add(new MlflowTag(Tags.RegisterAs, r.ModelName));
            tags.Add(new MlflowTag(Tags.ModelPath, r.ModelArtifactPath));
            if (!string.IsNullOrEmpty(r.Alias))
            {
                tags.Add(new MlflowTag(Tags.PromoteAlias, r.Alias));
            }
        }
        // The closing files say where the run went: to the outbox, not (yet) to the server.
        var closing = record.ClosingArtifacts is { } files ? run => files(run with { Outboxed = true }) : (Func<RecordedRun, IReadOnlyList<ArtifactFile>>?)null;
        var local = await RunRecorder.RecordAsync(outbox, record with { Tags = tags, Registration = null, LoggedModel = null, ClosingArtifacts = closing }, Tags, cancellationToken).ConfigureAwait(false);
        return local with { Outboxed = true };
    }

    /// <summary>The URI as a place, never as a key: user info, query and fragment dropped.</summary>
    internal static string WithoutSecrets(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && !parsed.IsFile
            ? parsed.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped).TrimEnd('/')
            : uri;
}
