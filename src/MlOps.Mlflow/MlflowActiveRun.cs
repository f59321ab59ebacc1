namespace MlOps.Mlflow;

/// <summary>
/// A run in progress that ends itself when disposed, like Python's <c>with mlflow.start_run()</c>.
/// C# cannot see an exception from <c>DisposeAsync</c>, so success is said out loud: call
/// <see cref="Complete"/> at the end of the block (as with a TransactionScope). Disposal then ends
/// the run FINISHED; without it KILLED when the run's token was cancelled, else FAILED.
/// </summary>
public sealed class MlflowActiveRun : IAsyncDisposable
{
    private readonly MlflowClient client;
    private readonly CancellationToken cancellationToken;
    private bool completed;
    private MlflowRunStatus? ended;

    internal MlflowActiveRun(MlflowClient client, MlflowRunInfo info, CancellationToken cancellationToken)
    {
        this.client = client;
        Info = info;
        this.cancellationToken = cancellationToken;
    }

    /// <summary>The run as created (status RUNNING).</summary>
    public MlflowRunInfo Info { get; }

    /// <summary>The run's id.</summary>
    public string RunId => Info.RunId;

    /// <summary>The status the run ended with, or null while it runs.</summary>
    public MlflowRunStatus? EndStatus => ended;

    /// <summary>Logs one metric value, timestamped now.</summary>
    /// <param name="key">The metric's key.</param>
    /// <param name="value">The value.</param>
    /// <param name="step">The training step.</param>
    public Task LogMetricAsync(string key, double value, long step = 0) => client.LogMetricAsync(RunId, key, value, step, cancellationToken);

    /// <summary>Logs one param.</summary>
    /// <param name="key">The param's key.</param>
    /// <param name="value">Its value.</param>
    public Task LogParamAsync(string key, string value) => client.LogParamAsync(RunId, key, value, cancellationToken);

    /// <summary>Sets one tag.</summary>
    /// <param name="key">The tag's key.</param>
    /// <param name="value">Its value.</param>
    public Task SetTagAsync(string key, string value) => client.SetTagAsync(RunId, key, value, cancellationToken);

    /// <summary>Logs many values at once.</summary>
    /// <param name="metrics">Metric values, or null.</param>
    /// <param name="parameters">Params, or null.</param>
    /// <param name="tags">Tags, or null.</param>
    public Task LogBatchAsync(IReadOnlyList<MlflowMetric>? metrics = null, IReadOnlyList<MlflowParam>? parameters = null, IReadOnlyList<MlflowTag>? tags = null) =>
        client.LogBatchAsync(RunId, metrics, parameters, tags, cancellationToken);

    /// <summary>Uploads a local file into the run's artifacts, under the folder <paramref name="artifactPath"/>.</summary>
    /// <param name="localPath">The file to upload.</param>
    /// <param name="artifactPath">The artifact folder, or null for the root.</param>
    public Task LogArtifactAsync(string localPath, string? artifactPath = null) =>
        client.Store.UploadArtifactAsync(Info, localPath, MlflowClient.ArtifactDestination(localPath, artifactPath), cancellationToken);

    /// <summary>Marks the block as successful: disposal will end the run FINISHED.</summary>
    public void Complete() => completed = true;

    /// <summary>Ends the run now with <paramref name="status"/>; disposal then does nothing more.</summary>
    /// <param name="status">FINISHED, FAILED or KILLED.</param>
    public async Task EndAsync(MlflowRunStatus status)
    {
        if (ended is not null)
        {
            return;
        }
        // Not the run's token: a cancelled run must still be marked KILLED on the server.
        await client.SetTerminatedAsync(RunId, status, CancellationToken.None).ConfigureAwait(false);
        ended = status;
    }

    /// <summary>Ends the run: FINISHED after <see cref="Complete"/>, KILLED when cancelled, else FAILED.</summary>
    public async ValueTask DisposeAsync() =>
        await EndAsync(completed ? MlflowRunStatus.Finished : cancellationToken.IsCancellationRequested ? MlflowRunStatus.Killed : MlflowRunStatus.Failed).ConfigureAwait(false);
}
