namespace MlOps.Mlflow;

/// <summary>A run's artifacts: files stored under the run (through the server's artifact proxy, or in the file store).</summary>
public interface IMlflowArtifacts
{
    /// <summary>Stores one local file under the run's artifacts at <paramref name="artifactPath"/> (forward slashes).</summary>
    /// <param name="run">The run (its experiment id and run id place the file).</param>
    /// <param name="localFile">The file to upload.</param>
    /// <param name="artifactPath">Relative path under the run's artifacts; checked by <see cref="ArtifactPaths.Check"/>.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    Task UploadArtifactAsync(MlflowRunInfo run, string localFile, string artifactPath, CancellationToken cancellationToken = default);

    /// <summary>The files and folders directly under <paramref name="path"/> in the run's artifacts, sorted by path.</summary>
    /// <param name="run">The run.</param>
    /// <param name="path">A folder under the run's artifacts (checked by <see cref="ArtifactPaths.Check"/>), or null for the root.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<MlflowFileInfo>> ListArtifactsAsync(MlflowRunInfo run, string? path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Copies one artifact file to <paramref name="localFile"/>, streamed (never whole in memory) into a temp
    /// file beside it that is renamed over <paramref name="localFile"/> once complete.
    /// </summary>
    /// <param name="run">The run.</param>
    /// <param name="artifactPath">The file's path under the run's artifacts; checked by <see cref="ArtifactPaths.Check"/>.</param>
    /// <param name="localFile">Where to write it; its folder is created.</param>
    /// <param name="cancellationToken">Cancels the download (the temp file is removed).</param>
    Task DownloadArtifactAsync(MlflowRunInfo run, string artifactPath, string localFile, CancellationToken cancellationToken = default);
}
