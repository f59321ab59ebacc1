namespace MlOps.Mlflow.FileStore;

/// <summary>Reading a run's artifacts from its <c>artifacts/</c> folder, as MLflow's LocalArtifactRepository does.</summary>
public sealed partial class MlflowFileStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<MlflowFileInfo>> ListArtifactsAsync(MlflowRunInfo run, string? path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var folder = string.IsNullOrEmpty(path) ? null : ArtifactPaths.Check(path);
        var directory = folder is null ? ArtifactDirectory(run.RunId) : ArtifactFile(run.RunId, folder);
        IReadOnlyList<MlflowFileInfo> entries = !Directory.Exists(directory) ? [] : new DirectoryInfo(directory)
            .EnumerateFileSystemInfos()
            .Select(e => new MlflowFileInfo(
                folder is null ? e.Name : $"{folder}/{e.Name}",
                e is DirectoryInfo,
                e is FileInfo file ? file.Length : null))
            .OrderBy(e => e.Path, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(entries);
    }

    /// <inheritdoc />
    public async Task DownloadArtifactAsync(MlflowRunInfo run, string artifactPath, string localFile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(localFile);
        var source = ArtifactFile(run.RunId, ArtifactPaths.Check(artifactPath));
        if (!File.Exists(source))
        {
            throw new MlflowException("download-artifact", null, "RESOURCE_DOES_NOT_EXIST", $"No artifact '{artifactPath}' in run {run.RunId}.");
        }
        await AtomicDownload.SaveAsync(localFile, async temp =>
        {
            var stream = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                await AtomicDownload.CopyToFileAsync(stream, temp, cancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    /// <summary>The local path of a checked artifact path, which stays inside the run's artifacts.</summary>
    private string ArtifactFile(string runId, string checkedPath)
    {
        var artifacts = Path.GetFullPath(ArtifactDirectory(runId));
        var target = Path.GetFullPath(Path.Combine(artifacts, checkedPath));
        if (!target.StartsWith(artifacts + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Artifact path '{checkedPath}' leaves the run's artifact folder; use a relative path without '..'.");
        }
        return target;
    }
}
