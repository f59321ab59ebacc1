namespace MlOps.Mlflow;

/// <summary>Runs that end themselves: <c>await using var run = await client.StartRunAsync(…)</c>.</summary>
public sealed partial class MlflowClient
{
    /// <summary>
    /// Starts a run in the experiment named <paramref name="experimentName"/> (created if missing). The
    /// run ends when disposed: FINISHED after <see cref="MlflowActiveRun.Complete"/>, KILLED when
    /// <paramref name="cancellationToken"/> was cancelled, FAILED otherwise (an exception left the block).
    /// </summary>
    /// <param name="experimentName">The experiment's name.</param>
    /// <param name="runName">Its display name, or null for a generated one.</param>
    /// <param name="tags">Tags to set at creation.</param>
    /// <param name="cancellationToken">Cancels the calls; a cancelled run ends KILLED.</param>
    public async Task<MlflowActiveRun> StartRunAsync(string experimentName, string? runName = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        var experimentId = await CreateExperimentAsync(experimentName, cancellationToken).ConfigureAwait(false);
        var info = await CreateRunAsync(experimentId, runName, tags, cancellationToken).ConfigureAwait(false);
        return new MlflowActiveRun(this, info, cancellationToken);
    }
}
