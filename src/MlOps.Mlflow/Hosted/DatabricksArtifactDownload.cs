using System.Globalization;
using System.Text.Json.Nodes;
using MlOps.Mlflow.Rest;

namespace MlOps.Mlflow.Hosted;

/// <summary>
/// Listing and reading a run's artifacts in a Databricks workspace, as MLflow's DatabricksArtifactRepository
/// does: <c>GET /api/2.0/mlflow/artifacts/list</c> (run id, run-relative path, page token; paths come back
/// run-relative), and <c>POST /api/2.0/mlflow/artifacts/credentials-for-read</c> for a signed URL that is read
/// with its own headers and never the workspace's credentials.
/// </summary>
internal static class DatabricksArtifactDownload
{
    public static async Task<IReadOnlyList<MlflowFileInfo>> ListAsync(MlflowHttpTransport transport, string runId, string? folder, CancellationToken ct)
    {
        var files = new List<MlflowFileInfo>();
        string? page = null;
        do
        {
            var query = $"api/2.0/mlflow/artifacts/list?run_id={Uri.EscapeDataString(runId)}"
                + (folder is null ? "" : $"&path={Uri.EscapeDataString(folder)}")
                + (page is null ? "" : $"&page_token={Uri.EscapeDataString(page)}");
            var answer = await transport.GetAsync(query, ct).ConfigureAwait(false);
            foreach (var f in answer["files"]?.AsArray() ?? [])
            {
                // Run-relative, and (as MLflow's client) never a path that escapes the folder asked for.
                var path = ArtifactPaths.Check(f!["path"]?.GetValue<string>() ?? "");
                var isDir = f["is_dir"]?.GetValue<bool>() ?? false;
                if (folder is not null && !path.StartsWith(folder + "/", StringComparison.Ordinal))
                {
                    // The folder named a file: MLflow lists nothing then; anything else is not under it.
                    if (path == folder && !isDir)
                    {
                        return [];
                    }
                    throw new MlflowException("artifacts/list", null, null, $"the workspace listed '{path}' under '{folder}'.");
                }
                files.Add(new MlflowFileInfo(path, isDir, isDir ? null : long.TryParse(f["file_size"]?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) ? size : 0));
            }
            page = answer["next_page_token"]?.GetValue<string>() is { Length: > 0 } next ? next : null;
        }
        while (page is not null);
        return files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
    }

    public static async Task DownloadAsync(MlflowHttpTransport transport, HttpClient storage, string runId, string artifactPath, string localFile, CancellationToken ct)
    {
        var answer = await transport.PostAsync("api/2.0/mlflow/artifacts/credentials-for-read", new JsonObject
        {
            ["run_id"] = runId,
            ["path"] = new JsonArray(artifactPath),
        }, ct).ConfigureAwait(false);
        var credential = answer["credential_infos"]?.AsArray().FirstOrDefault()
            ?? throw new MlflowException("credentials-for-read", null, null, $"the workspace gave no read credential for '{artifactPath}'.");
        var uri = credential["signed_uri"]?.GetValue<string>() ?? throw new MlflowException("credentials-for-read", null, null, "the read credential has no signed URL.");
        await AtomicDownload.SaveAsync(localFile, async temp =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            foreach (var header in credential["headers"]?.AsArray() ?? [])
            {
                request.Headers.TryAddWithoutValidation(header!["name"]!.GetValue<string>(), header["value"]?.GetValue<string>());
            }
            using var response = await storage.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                // The signed URL carries its own credential: only its host goes into the message.
                throw new MlflowException($"GET {new Uri(uri).Host}", response.StatusCode, null, $"the workspace's storage refused to read '{artifactPath}'.");
            }
            await using var content = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            await AtomicDownload.CopyToFileAsync(content, temp, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }
}
