using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MlOps.Mlflow.Rest;

namespace MlOps.Mlflow.Hosted;

/// <summary>
/// A run artifact into a Databricks workspace's storage, as MLflow's DatabricksArtifactRepository does
/// for single files: <c>POST /api/2.0/mlflow/artifacts/credentials-for-write</c> (run id, path) gives a signed
/// URL and headers; the file is PUT there without the workspace's credentials. AWS presigned and GCP signed
/// URLs take the file as is; an Azure SAS URL takes it as one block blob (<c>x-ms-blob-type: BlockBlob</c>);
/// ADLS Gen2 (Unity Catalog volumes' layout) is refused with a message.
/// </summary>
internal static class DatabricksArtifactUpload
{
    public static async Task UploadAsync(MlflowHttpTransport transport, HttpClient storage, string runId, string localFile, string artifactPath, CancellationToken ct)
    {
        var answer = await transport.PostAsync("api/2.0/mlflow/artifacts/credentials-for-write", new JsonObject
        {
            ["run_id"] = runId,
            ["path"] = new JsonArray(artifactPath),
        }, ct).ConfigureAwait(false);
        var credential = answer["credential_infos"]?.AsArray().FirstOrDefault()
            ?? throw new MlflowException("credentials-for-write", null, null, $"the workspace gave no write credential for '{artifactPath}'.");
        var type = credential["type"]?.GetValue<string>();
        var uri = credential["signed_uri"]?.GetValue<string>() ?? throw new MlflowException("credentials-for-write", null, null, "the write credential has no signed URL.");
        if (type is not ("AWS_PRESIGNED_URL" or "GCP_SIGNED_URL" or "AZURE_SAS_URI"))
        {
            throw new MlflowException("credentials-for-write", null, null, $"the workspace's artifact storage ({type}) is not supported by this client yet; AWS, GCP and Azure Blob storage are.");
        }
        await using var file = File.OpenRead(localFile);
        using var request = new HttpRequestMessage(HttpMethod.Put, uri) { Content = new StreamContent(file) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        foreach (var header in credential["headers"]?.AsArray() ?? [])
        {
            request.Headers.TryAddWithoutValidation(header!["name"]!.GetValue<string>(), header["value"]?.GetValue<string>());
        }
        if (type == "AZURE_SAS_URI")
        {
            request.Headers.TryAddWithoutValidation("x-ms-blob-type", "BlockBlob");
        }
        using var response = await storage.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            // The signed URL carries its own credential: only its host goes into the message.
            throw new MlflowException($"PUT {new Uri(uri).Host}", response.StatusCode, null, $"the workspace's storage refused '{artifactPath}'.");
        }
    }
}
