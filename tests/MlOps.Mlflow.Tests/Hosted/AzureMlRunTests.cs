using MlOps.Mlflow.Hosted;
using MlOps.Mlflow.Outbox;
using MlOps.Mlflow.Rest;
using MlOps.Mlflow.Tests.Fakes;
using MlOps.Mlflow.Tests.Rest;

namespace MlOps.Mlflow.Tests.Hosted;

/// <summary>
/// A whole run recorded into an Azure ML workspace (stand-in): experiment, run, params, metrics, every
/// artifact through the artifact service and its Blob SAS URLs, registration and alias, the run ended;
/// the Entra ID token goes to the workspace only, and neither it nor the SAS appears in a failure.
/// </summary>
public sealed class AzureMlRunTests : IDisposable
{
    private readonly AzureMlStandIn standIn = new();

    private Func<string, string?> Env => name => name switch
    {
        "AZURE_AUTHORITY_HOST" => standIn.Uri.AbsoluteUri,
        "AZURE_TENANT_ID" => AzureMlStandIn.Tenant,
        "AZURE_CLIENT_ID" => AzureMlStandIn.ClientId,
        "AZURE_CLIENT_SECRET" => AzureMlStandIn.Secret,
        "MLFLOW_HTTP_REQUEST_MAX_RETRIES" => "0",
        _ => null,
    };

    private MlflowRestClient Client() => new(AzureMlWorkspace.Resolve(standIn.TrackingUri, Env, "http").ToRestOptions(Env));

    [Fact]
    public async Task A_run_with_a_model_folder_is_recorded_end_to_end_with_artifacts_in_blob_storage()
    {
        using var client = Client();
        var folder = TestClients.TempDirectory();
        var record = LoggedModelTranscriptTests.Record(folder, "azure-credit");

        var recorded = await RunRecorder.RecordAsync(client, record, TestClients.Tags);

        var run = recorded.Run.RunId;
        Assert.Equal("1", recorded.RegisteredVersion);
        Assert.Equal(MlflowRunStatus.Finished, (await client.GetRunAsync(run)).Info.Status);
        Assert.Equal(
            record.Artifacts.Select(a => $"dcid.{run}/{a.ArtifactPath}").Order(StringComparer.Ordinal),
            standIn.Blobs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(File.ReadAllText(Path.Combine(folder, "model", "MLmodel")), standIn.Blobs[$"dcid.{run}/model/MLmodel"]);
        Assert.Equal("1", (await client.GetVersionByAliasAsync("logged-digits", "champion"))?.Version);
        Assert.Contains($"POST {AzureMlStandIn.ArtifactPath}/artifacts/ExperimentRun/dcid.{run}/batch/metadata [Bearer]", standIn.Requests);
        Assert.All(standIn.Requests.Where(r => r.StartsWith("PUT /blob/", StringComparison.Ordinal)), r => Assert.EndsWith("[]", r, StringComparison.Ordinal));
        Assert.DoesNotContain(standIn.Requests, r => r.Contains("mlflow-artifacts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_blob_upload_names_the_storage_host_but_no_token_or_signature()
    {
        using var client = Client();
        var experiment = await client.GetOrCreateExperimentAsync("azure-credit");
        var run = await client.CreateRunAsync(experiment.ExperimentId, "r", 1, []);
        var file = Path.Combine(TestClients.TempDirectory(), "a.txt");
        File.WriteAllText(file, "a");
        standIn.RefuseBlobs = true;

        var error = await Assert.ThrowsAsync<MlflowException>(() => client.UploadArtifactAsync(run, file, "a.txt"));

        Assert.Contains("refused 'a.txt'", error.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", error.Message, StringComparison.Ordinal);
        foreach (var secret in new[] { AzureMlStandIn.Secret, AzureMlStandIn.IssuedToken, "azure-sas-standin", "sig=" })
        {
            Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
        }
    }

    public void Dispose() => standIn.Dispose();
}
