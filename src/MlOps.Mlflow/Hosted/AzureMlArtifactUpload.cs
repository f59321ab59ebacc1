using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MlOps.Mlflow.Rest;

namespace MlOps.Mlflow.Hosted;

/// <summary>
/// A run artifact into an Azure Machine Learning workspace, as the azureml-mlflow plugin's artifact client
/// stores it (Azure ML keeps run artifacts in its own artifact service, not behind mlflow-artifacts):
/// <c>POST &lt;region host&gt;/artifact/v2.0/subscriptions/…/workspaces/&lt;name&gt;/artifacts/ExperimentRun/dcid.&lt;run id&gt;/batch/metadata</c>
/// with <c>{"paths": [{"path": …}]}</c> creates the empty artifact and answers its Blob storage SAS URL in
/// <c>artifactContentInformation[path].contentUri</c>; the file is PUT there as one block blob
/// (<c>x-ms-blob-type: BlockBlob</c>) without the Entra ID token.
/// </summary>
internal static class AzureMlArtifactUpload
{
    /// <summary>The origin and container prefix azureml-core and azureml-mlflow use for a run's artifacts.</summary>
    public const string RunOrigin = "ExperimentRun";

    public static async Task UploadAsync(MlflowHttpTransport transport, HttpClient storage, string artifactApi, string runId, string localFile, string artifactPath, CancellationToken ct)
    {
        var call = $"{artifactApi.TrimEnd('/')}/artifacts/{RunOrigin}/dcid.{Uri.EscapeDataString(runId)}/batch/metadata";
        var answer = await transport.PostAsync(call, new JsonObject
        {
            ["paths"] = new JsonArray(new JsonObject { ["path"] = artifactPath }),
        }, ct).ConfigureAwait(false);
        if (answer["errors"]?[artifactPath] is { } error)
        {
            var reason = error["error"]?["message"]?.GetValue<string>() ?? error["error"]?["code"]?.GetValue<string>() ?? "refused";
            throw new MlflowException("artifacts/batch/metadata", null, error["error"]?["code"]?.GetValue<string>(), $"the workspace did not create the artifact '{artifactPath}': {reason}");
        }
        var uri = answer["artifactContentInformation"]?[artifactPath]?["contentUri"]?.GetValue<string>()
            ?? throw new MlflowException("artifacts/batch/metadata", null, null, $"the workspace gave no storage URL for '{artifactPath}'.");
        await using var file = File.OpenRead(localFile);
        using var request = new HttpRequestMessage(HttpMethod.Put, uri) { Content = new StreamContent(file) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Headers.TryAddWithoutValidation("x-ms-blob-type", "BlockBlob");
        using var response = await storage.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            // The SAS URL carries its own credential: only its host goes into the message.
            throw new MlflowException($"PUT {new Uri(uri).Host}", response.StatusCode, null, $"the workspace's storage refused '{artifactPath}'.");
        }
    }
}
