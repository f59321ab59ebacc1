namespace MlOps.Mlflow;

/// <summary>The artifacts part of the façade: listing and downloading a run's files.</summary>
public sealed partial class MlflowClient
{
    /// <summary>The files and folders directly under <paramref name="path"/> in the run's artifacts (as <c>list_artifacts</c>).</summary>
    /// <param name="runId">The run.</param>
    /// <param name="path">A folder under the run's artifacts, or null for the root.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IReadOnlyList<MlflowFileInfo>> ListArtifactsAsync(string runId, string? path = null, CancellationToken cancellationToken = default)
    {
        var run = await Store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        return await Store.ListArtifactsAsync(run.Info, path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Downloads an artifact file, or a folder with everything under it, into <paramref name="dstPath"/> (as
    /// <c>download_artifacts</c>); returns the local path of what <paramref name="path"/> names. Each file is
    /// streamed and appears complete or not at all.
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="path">A file or folder under the run's artifacts; null or empty for all of them.</param>
    /// <param name="dstPath">The local folder to download into (created when missing).</param>
    /// <param name="cancellationToken">Cancels the remaining downloads.</param>
    public async Task<string> DownloadArtifactsAsync(string runId, string? path, string dstPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dstPath);
        var checkedPath = string.IsNullOrEmpty(path) ? null : ArtifactPaths.Check(path.TrimEnd('/'));
        var run = (await Store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)).Info;
        var destination = Path.GetFullPath(checkedPath is null ? dstPath : Path.Combine(dstPath, checkedPath));
        // MLflow's rule: a path is a folder when listing it finds something.
        var entries = await Store.ListArtifactsAsync(run, checkedPath, cancellationToken).ConfigureAwait(false);
        if (checkedPath is not null && entries.Count == 0)
        {
            await Store.DownloadArtifactAsync(run, checkedPath, destination, cancellationToken).ConfigureAwait(false);
            return destination;
        }
        Directory.CreateDirectory(destination);
        await DownloadFolderAsync(run, entries, Path.GetFullPath(dstPath), cancellationToken).ConfigureAwait(false);
        return destination;
    }

    private async Task DownloadFolderAsync(MlflowRunInfo run, IReadOnlyList<MlflowFileInfo> entries, string root, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            var local = Path.Combine(root, ArtifactPaths.Check(entry.Path));
            if (entry.IsDir)
            {
                Directory.CreateDirectory(local);
                var children = await Store.ListArtifactsAsync(run, entry.Path, cancellationToken).ConfigureAwait(false);
                await DownloadFolderAsync(run, children, root, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await Store.DownloadArtifactAsync(run, entry.Path, local, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
