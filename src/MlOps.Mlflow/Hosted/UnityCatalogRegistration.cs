using System.Text.Json.Nodes;
using MlOps.Mlflow.Rest;

namespace MlOps.Mlflow.Hosted;

/// <summary>
/// A new Unity Catalog model version, in the order of MLflow's UcModelRegistryStore.create_model_version:
/// the source (the run's model folder) is downloaded to a scratch folder, <c>model-versions/create</c>
/// (status PENDING_REGISTRATION, with its storage location), <c>model-versions/generate-temporary-credentials</c>
/// (MODEL_VERSION_OPERATION_READ_WRITE), every file written with them, then <c>model-versions/finalize</c> (READY).
/// A failure before finalize leaves the version pending, as MLflow's client does.
/// </summary>
internal static class UnityCatalogRegistration
{
    public const string Api = "api/2.0/mlflow/unity-catalog/";

    public static async Task<MlflowModelVersion> CreateAsync(MlflowRestClient client, MlflowHttpTransport transport, HttpClient storage, string name, string source, string runId, CancellationToken ct)
    {
        var run = (await client.GetRunAsync(runId, ct).ConfigureAwait(false)).Info;
        var root = run.ArtifactUri.TrimEnd('/');
        var folder = source.TrimEnd('/') == root ? null
            : source.StartsWith(root + "/", StringComparison.Ordinal) ? ArtifactPaths.Check(source[(root.Length + 1)..].TrimEnd('/'))
            : throw new MlflowException("model-versions/create", null, null, $"the source '{source}' is not under run {runId}'s artifacts, so its files cannot be copied to Unity Catalog.");
        var scratch = Directory.CreateTempSubdirectory("mlops-uc-").FullName;
        try
        {
            var files = await DownloadTreeAsync(client, run, folder, scratch, ct).ConfigureAwait(false);
            var created = await transport.PostAsync(Api + "model-versions/create", new JsonObject
            {
                ["name"] = name,
                ["source"] = source,
                ["run_id"] = runId,
            }, ct).ConfigureAwait(false);
            var version = created["model_version"]!;
            var number = version["version"]!.ToString();
            var credentials = (await transport.PostAsync(Api + "model-versions/generate-temporary-credentials", new JsonObject
            {
                ["name"] = name,
                ["version"] = number,
                ["operation"] = "MODEL_VERSION_OPERATION_READ_WRITE",
            }, ct).ConfigureAwait(false))["credentials"] ?? new JsonObject();
            var target = new UnityCatalogStorage(transport, storage, name, number, version["storage_location"]?.GetValue<string>(), credentials);
            foreach (var relative in files)
            {
                await target.UploadAsync(Path.Combine(scratch, relative), relative, ct).ConfigureAwait(false);
            }
            var finalized = await transport.PostAsync(Api + "model-versions/finalize", new JsonObject { ["name"] = name, ["version"] = number }, ct).ConfigureAwait(false);
            return MlflowJson.ModelVersion(finalized["model_version"]!);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>Every file under <paramref name="folder"/>, downloaded below <paramref name="scratch"/>; their paths relative to the folder.</summary>
    private static async Task<List<string>> DownloadTreeAsync(MlflowRestClient client, MlflowRunInfo run, string? folder, string scratch, CancellationToken ct)
    {
        var files = new List<string>();
        var pending = new Stack<string?>([folder]);
        while (pending.TryPop(out var current))
        {
            foreach (var entry in await client.ListArtifactsAsync(run, current, ct).ConfigureAwait(false))
            {
                if (entry.IsDir)
                {
                    pending.Push(entry.Path);
                    continue;
                }
                var relative = folder is null ? entry.Path : entry.Path[(folder.Length + 1)..];
                await client.DownloadArtifactAsync(run, entry.Path, Path.Combine(scratch, relative), ct).ConfigureAwait(false);
                files.Add(relative);
            }
        }
        if (files.Count == 0)
        {
            throw new MlflowException("model-versions/create", null, null, $"run {run.RunId} has no files under '{folder ?? ""}' to register.");
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }
}
