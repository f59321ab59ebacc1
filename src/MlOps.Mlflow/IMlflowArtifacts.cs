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
}
