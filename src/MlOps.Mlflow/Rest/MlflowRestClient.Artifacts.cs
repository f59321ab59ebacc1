using System.Globalization;

namespace MlOps.Mlflow.Rest;

/// <summary>
/// Listing and downloading through the server's mlflow-artifacts proxy (<c>--serve-artifacts</c>), as
/// MLflow's HttpArtifactRepository does: <c>GET api/2.0/mlflow-artifacts/artifacts?path=&lt;root&gt;/&lt;path&gt;</c>
/// lists (names relative to the folder), <c>GET api/2.0/mlflow-artifacts/artifacts/&lt;root&gt;/&lt;path&gt;</c> streams a file.
/// </summary>
public sealed partial class MlflowRestClient
{
    private const string ArtifactsApi = "api/2.0/mlflow-artifacts/artifacts";

    /// <inheritdoc />
    public async Task<IReadOnlyList<MlflowFileInfo>> ListArtifactsAsync(MlflowRunInfo run, string? path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var folder = string.IsNullOrEmpty(path) ? null : ArtifactPaths.Check(path);
        if (Options.DatabricksArtifacts)
        {
            return await Hosted.DatabricksArtifactDownload.ListAsync(transport, run.RunId, folder, cancellationToken).ConfigureAwait(false);
        }
        var remote = ArtifactRoot(run) + (folder is null ? "" : "/" + folder);
        var answer = await transport.GetAsync($"{ArtifactsApi}?path={Uri.EscapeDataString(remote)}", cancellationToken).ConfigureAwait(false);
        return (answer["files"]?.AsArray() ?? [])
            .Select(f =>
            {
                // As MLflow's client: a name from the server that could escape the folder is refused.
                var name = ArtifactPaths.Check(f!["path"]?.GetValue<string>() ?? "");
                var isDir = f["is_dir"]?.GetValue<bool>() ?? false;
                // Proto3 JSON leaves out a zero: an empty file comes without file_size (Python then says None).
                var size = f["file_size"]?.ToString();
                return new MlflowFileInfo(
                    folder is null ? name : $"{folder}/{name}",
                    isDir,
                    isDir ? null : long.TryParse(size, NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes) ? bytes : 0);
            })
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
    }

    /// <inheritdoc />
    public async Task DownloadArtifactAsync(MlflowRunInfo run, string artifactPath, string localFile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(localFile);
        if (Options.DatabricksArtifacts)
        {
            await Hosted.DatabricksArtifactDownload.DownloadAsync(transport, http, run.RunId, ArtifactPaths.Check(artifactPath), localFile, cancellationToken).ConfigureAwait(false);
            return;
        }
        var escaped = string.Join('/', ArtifactPaths.Check(artifactPath).Split('/').Select(Uri.EscapeDataString));
        await AtomicDownload.SaveAsync(localFile, temp => transport.DownloadAsync(
            $"{ArtifactsApi}/{ArtifactRoot(run)}/{escaped}",
            (content, ct) => AtomicDownload.CopyToFileAsync(content, temp, ct),
            cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Where uploads put the run's artifacts: the server's default <c>mlflow-artifacts:/&lt;experiment&gt;/&lt;run&gt;/artifacts</c>.</summary>
    private static string ArtifactRoot(MlflowRunInfo run) =>
        $"{Uri.EscapeDataString(run.ExperimentId)}/{Uri.EscapeDataString(run.RunId)}/artifacts";
}
