using MlOps.Mlflow.Hosted;
using MlOps.Mlflow.Rest;
using MlOps.Mlflow.Tests.Fakes;

namespace MlOps.Mlflow.Tests.Hosted;

/// <summary>
/// catalog.schema.model names on Databricks: registration through /api/2.0/mlflow/unity-catalog/… in MLflow's
/// order (create, temporary credentials, files, finalize), to default storage and to ADLS Gen2, against the
/// 127.0.0.1 stand-in; bad names refused before any call; no token or signature in any message.
/// </summary>
public sealed class UnityCatalogTests : IDisposable
{
    private const string Model = "main.credit.classifier";
    private readonly string home = TestClients.TempDirectory();
    private readonly DatabricksStandIn standIn = new();
    private readonly MlflowRunInfo run = new("r1", "1", "run", MlflowRunStatus.Finished, 0, null, "dbfs:/databricks/mlflow-tracking/1/r1/artifacts", "active");

    private MlflowRestClient Client(HttpClient? http = null)
    {
        string? Env(string name) => name switch
        {
            "DATABRICKS_HOST" => standIn.Uri.AbsoluteUri,
            "DATABRICKS_TOKEN" => DatabricksStandIn.Pat,
            "MLFLOW_HTTP_REQUEST_MAX_RETRIES" => "0",
            _ => null,
        };
        return new MlflowRestClient(DatabricksWorkspace.Resolve("databricks", Env, home).ToRestOptions(Env), http);
    }

    /// <summary>The run's model folder, uploaded as a run would (credentials-for-write, signed PUT).</summary>
    private async Task UploadModelAsync(MlflowRestClient client)
    {
        foreach (var (path, text) in new[] { ("model/MLmodel", "artifact_path: model\n"), ("model/weights/model.safetensors", "weights"), ("model/requirements.txt", ""), ("result.json", "{}") })
        {
            var file = Path.Combine(home, Guid.NewGuid().ToString("N"));
            File.WriteAllText(file, text);
            await client.UploadArtifactAsync(run, file, path);
        }
    }

    [Fact]
    public async Task A_catalog_schema_model_name_registers_in_unity_catalog_default_storage_in_MLflows_order()
    {
        using var client = Client();
        await UploadModelAsync(client);

        await client.EnsureRegisteredModelAsync(Model);
        var version = await client.CreateModelVersionAsync(Model, run.ArtifactUri + "/model", run.RunId);
        await client.SetAliasAsync(Model, "champion", version.Version);
        var champion = await client.GetVersionByAliasAsync(Model, "champion");

        Assert.Equal(("1", "READY"), (version.Version, version.Status));
        Assert.Equal("1", champion?.Version);
        Assert.Equal(
            [
                "POST /api/2.0/mlflow/unity-catalog/registered-models/create",
                "POST /api/2.0/mlflow/unity-catalog/model-versions/create",
                "POST /api/2.0/mlflow/unity-catalog/model-versions/generate-temporary-credentials",
                "POST /api/2.0/fs/create-upload-url", "POST /api/2.0/fs/create-upload-url", "POST /api/2.0/fs/create-upload-url",
                "POST /api/2.0/mlflow/unity-catalog/model-versions/finalize",
                "POST /api/2.0/mlflow/unity-catalog/registered-models/alias",
                "GET /api/2.0/mlflow/unity-catalog/registered-models/alias",
            ],
            standIn.UnityCatalog.Calls);
        Assert.Equal("artifact_path: model\n", standIn.UnityCatalog.Files["/Models/main/credit/classifier/1/MLmodel"]);
        Assert.Equal("weights", standIn.UnityCatalog.Files["/Models/main/credit/classifier/1/weights/model.safetensors"]);
        Assert.Equal("", standIn.UnityCatalog.Files["/Models/main/credit/classifier/1/requirements.txt"]);
        Assert.DoesNotContain(standIn.UnityCatalog.Files.Keys, k => k.Contains("result.json", StringComparison.Ordinal));
        Assert.DoesNotContain(standIn.Requests, r => r.StartsWith("POST /api/2.0/mlflow/model-versions/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_ADLS_storage_location_is_written_with_the_SAS_by_create_append_and_flush()
    {
        standIn.UnityCatalog.Mode = "azure";
        using var http = new HttpClient(new StorageRedirect(standIn.Uri));
        using var client = Client(http);
        await UploadModelAsync(client);

        await client.EnsureRegisteredModelAsync(Model);
        await client.EnsureRegisteredModelAsync(Model);
        var version = await client.CreateModelVersionAsync(Model, run.ArtifactUri + "/model", run.RunId);

        Assert.Equal("READY", version.Status);
        var root = $"/adls/acct.dfs.core.windows.net/uc/models/{Model}/1/";
        Assert.Equal("artifact_path: model\n", standIn.UnityCatalog.Files[root + "MLmodel"]);
        Assert.Equal("weights", standIn.UnityCatalog.Files[root + "weights/model.safetensors"]);
        Assert.Equal("", standIn.UnityCatalog.Files[root + "requirements.txt"]);
    }

    [Theory]
    [InlineData("credit.classifier", "three parts")]
    [InlineData("main..classifier", "schema part is empty")]
    [InlineData("main.credit.my model", "a space")]
    [InlineData("main.credit.a.b", "has 4")]
    public async Task A_name_that_is_not_catalog_schema_model_is_refused_before_any_call(string name, string expected)
    {
        using var client = Client();

        var error = await Assert.ThrowsAsync<MlflowException>(() => client.EnsureRegisteredModelAsync(name));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal("INVALID_PARAMETER_VALUE", error.ErrorCode);
        Assert.Empty(standIn.UnityCatalog.Calls);
        Assert.DoesNotContain(standIn.Requests, r => r.Contains("registered-models", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refused_storage_leaves_the_version_pending_and_the_message_holds_no_token_or_signature()
    {
        using var client = Client();
        await UploadModelAsync(client);
        await client.EnsureRegisteredModelAsync(Model);
        standIn.UnityCatalog.RefuseStorage = true;

        var error = await Assert.ThrowsAsync<MlflowException>(() => client.CreateModelVersionAsync(Model, run.ArtifactUri + "/model", run.RunId));

        Assert.Equal("PENDING_REGISTRATION", standIn.UnityCatalog.Versions[$"{Model}/1"]);
        Assert.Contains("Unity Catalog's storage refused", error.Message, StringComparison.Ordinal);
        foreach (var secret in new[] { DatabricksStandIn.Pat, UnityCatalogStandIn.PresignedSignature, "uc-presigned-standin", "sig=" })
        {
            Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task S3_temporary_credentials_are_refused_by_type_without_showing_them()
    {
        standIn.UnityCatalog.Mode = "aws";
        using var client = Client();
        await UploadModelAsync(client);
        await client.EnsureRegisteredModelAsync(Model);

        var error = await Assert.ThrowsAsync<MlflowException>(() => client.CreateModelVersionAsync(Model, run.ArtifactUri + "/model", run.RunId));

        Assert.Contains("aws_temp_credentials", error.Message, StringComparison.Ordinal);
        Assert.Equal("PENDING_REGISTRATION", standIn.UnityCatalog.Versions[$"{Model}/1"]);
        Assert.Empty(standIn.UnityCatalog.Files);
        foreach (var secret in new[] { UnityCatalogStandIn.AwsSecret, "aws-session-standin", DatabricksStandIn.Pat })
        {
            Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_name_without_a_period_stays_in_the_workspace_registry()
    {
        using var client = Client();

        await client.EnsureRegisteredModelAsync("credit-classifier");

        Assert.Empty(standIn.UnityCatalog.Calls);
        Assert.Contains("POST /api/2.0/mlflow/registered-models/create [Bearer]", standIn.Requests);
    }

    public void Dispose() => standIn.Dispose();

    /// <summary>Sends *.dfs.core.windows.net requests to the stand-in's /adls/&lt;host&gt;/… (what DNS would do for the real account).</summary>
    private sealed class StorageRedirect(Uri standIn) : DelegatingHandler(new HttpClientHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            if (uri.Host.EndsWith(".dfs.core.windows.net", StringComparison.Ordinal))
            {
                request.RequestUri = new Uri($"{standIn.AbsoluteUri.TrimEnd('/')}/adls/{uri.Host}{uri.AbsolutePath}{uri.Query}");
            }
            return base.SendAsync(request, cancellationToken);
        }
    }
}
