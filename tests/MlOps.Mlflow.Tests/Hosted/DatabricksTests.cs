using MlOps.Mlflow.Hosted;
using MlOps.Mlflow.Tests.Fakes;

namespace MlOps.Mlflow.Tests.Hosted;

/// <summary>
/// databricks and databricks://&lt;profile&gt; tracking URIs: the Databricks SDK's precedence (which MLflow
/// uses), personal access tokens and OAuth M2M against a 127.0.0.1 stand-in; no secret in any message.
/// </summary>
public sealed class DatabricksTests
{
    private readonly string home = TestClients.TempDirectory();

    private void ConfigFile(string text) => File.WriteAllText(Path.Combine(home, ".databrickscfg"), text);

    private static Func<string, string?> Env(params (string Key, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Key == name).Value;

    [Fact]
    public void The_environment_wins_and_the_file_is_not_read_without_a_profile()
    {
        ConfigFile("[DEFAULT]\nhost = https://file.cloud.databricks.com\ntoken = dapi-file\n");
        var workspace = DatabricksWorkspace.Resolve("databricks", Env(("DATABRICKS_HOST", "adb-1.azuredatabricks.net"), ("DATABRICKS_TOKEN", "dapi-env")), home);

        Assert.Equal(new Uri("https://adb-1.azuredatabricks.net"), workspace.Host);
        Assert.Equal("pat", workspace.AuthType);
        Assert.Equal("Bearer dapi-env", workspace.ToRestOptions(Env()).Token is { } t ? "Bearer " + t : null);
    }

    [Fact]
    public void Without_the_environment_the_DEFAULT_profile_is_used()
    {
        ConfigFile("[DEFAULT]\nhost = https://file.cloud.databricks.com/\ntoken = dapi-file\n\n[staging]\nhost = https://staging.cloud.databricks.com\n");
        var workspace = DatabricksWorkspace.Resolve("databricks", Env(), home);

        Assert.Equal(new Uri("https://file.cloud.databricks.com"), workspace.Host);
        Assert.Null(workspace.Profile);
    }

    [Fact]
    public void A_named_profile_fills_only_what_the_environment_left_unset()
    {
        ConfigFile("[staging]\nhost = https://staging.cloud.databricks.com\ntoken = dapi-file\n");
        var fromUri = DatabricksWorkspace.Resolve("databricks://staging", Env(("DATABRICKS_TOKEN", "dapi-env")), home);
        var fromVariable = DatabricksWorkspace.Resolve("databricks", Env(("DATABRICKS_CONFIG_PROFILE", "staging")), home);

        Assert.Equal(new Uri("https://staging.cloud.databricks.com"), fromUri.Host);
        Assert.Equal("dapi-env", fromUri.ToRestOptions(Env()).Token);
        Assert.Equal("staging", fromVariable.Profile);
        Assert.Equal("dapi-file", fromVariable.ToRestOptions(Env()).Token);
    }

    [Fact]
    public void Missing_or_ambiguous_settings_are_refused_without_showing_secrets()
    {
        ConfigFile("[prod]\nhost = https://prod.cloud.databricks.com\n");
        var missingProfile = Assert.Throws<ArgumentException>(() => DatabricksWorkspace.Resolve("databricks://dev", Env(), home));
        var both = Assert.Throws<ArgumentException>(() => DatabricksWorkspace.Resolve("databricks", Env(
            ("DATABRICKS_HOST", "h"), ("DATABRICKS_TOKEN", "dapi-secret-1"), ("DATABRICKS_CLIENT_ID", "id"), ("DATABRICKS_CLIENT_SECRET", "dose-secret-2")), home));
        var none = Assert.Throws<ArgumentException>(() => DatabricksWorkspace.Resolve("databricks://prod", Env(), home));
        var scope = Assert.Throws<ArgumentException>(() => DatabricksWorkspace.Resolve("databricks://scope:prefix", Env(), home));

        Assert.Contains("no [dev] profile (it has: prod)", missingProfile.Message, StringComparison.Ordinal);
        Assert.Contains("More than one Databricks authorization method", both.Message, StringComparison.Ordinal);
        Assert.Contains("No Databricks credentials", none.Message, StringComparison.Ordinal);
        Assert.Contains("secret scope", scope.Message, StringComparison.Ordinal);
        Assert.All(new[] { missingProfile, both, none, scope }, e => Assert.DoesNotContain("secret-", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_personal_access_token_reaches_the_workspace_as_a_bearer()
    {
        using var standIn = new DatabricksStandIn();
        using var client = MlflowClient.Create("databricks", Env(("DATABRICKS_HOST", standIn.Uri.AbsoluteUri), ("DATABRICKS_TOKEN", DatabricksStandIn.Pat), ("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")));

        Assert.Null(await client.GetExperimentByNameAsync("x"));
        Assert.Equal(["GET /api/2.0/mlflow/experiments/get-by-name [Bearer]"], standIn.Requests);
        Assert.StartsWith(standIn.Uri.AbsoluteUri.TrimEnd('/'), client.TrackingUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OAuth_M2M_fetches_one_token_with_the_client_credentials_and_reuses_it()
    {
        using var standIn = new DatabricksStandIn();
        ConfigFile($"[ci]\nhost = {standIn.Uri}\nclient_id = {DatabricksStandIn.ClientId}\nclient_secret = {DatabricksStandIn.ClientSecret}\n");
        var workspace = DatabricksWorkspace.Resolve("databricks://ci", Env(("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")), home);
        using var rest = new MlOps.Mlflow.Rest.MlflowRestClient(workspace.ToRestOptions(Env(("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0"))));

        Assert.Null(await rest.GetExperimentByNameAsync("x"));
        Assert.Null(await rest.GetExperimentByNameAsync("y"));

        Assert.Equal("oauth-m2m", workspace.AuthType);
        Assert.False(workspace.ToRestOptions(Env()).UseLoggedModels); // its artifact store is not reachable through mlflow-artifacts
        Assert.Equal(1, standIn.TokensIssued);
        Assert.Equal(
            ["GET /oidc/.well-known/oauth-authorization-server []", "POST /oidc/v1/token [Basic]",
             "GET /api/2.0/mlflow/experiments/get-by-name [Bearer]", "GET /api/2.0/mlflow/experiments/get-by-name [Bearer]"],
            standIn.Requests);
        Assert.DoesNotContain(DatabricksStandIn.ClientSecret, workspace.ToString() + workspace.ToRestOptions(Env()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_artifacts_go_to_the_signed_storage_url_without_the_workspace_token()
    {
        using var standIn = new DatabricksStandIn();
        var env = Env(("DATABRICKS_HOST", standIn.Uri.AbsoluteUri), ("DATABRICKS_TOKEN", DatabricksStandIn.Pat), ("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0"));
        using var rest = new MlOps.Mlflow.Rest.MlflowRestClient(DatabricksWorkspace.Resolve("databricks", env, home).ToRestOptions(env));
        var file = Path.Combine(home, "MLmodel");
        File.WriteAllText(file, "artifact_path: model\n");
        var run = new MlflowRunInfo("r", "1", "run", MlflowRunStatus.Running, 0, null, "dbfs:/databricks/mlflow-tracking/1/r/artifacts", "active");

        await rest.UploadArtifactAsync(run, file, "model/MLmodel");
        standIn.StorageType = "AZURE_ADLS_GEN2_SAS_URI";
        var adls = await Assert.ThrowsAsync<MlflowException>(() => rest.UploadArtifactAsync(run, file, "model/other"));

        Assert.Equal(("artifact_path: model\n", "BlockBlob", false), standIn.Stored["model/MLmodel"]);
        Assert.Contains("AZURE_ADLS_GEN2_SAS_URI", adls.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=", adls.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_client_credentials_fail_with_a_message_that_holds_no_secret()
    {
        using var standIn = new DatabricksStandIn();
        using var client = MlflowClient.Create("databricks", Env(("DATABRICKS_HOST", standIn.Uri.AbsoluteUri),
            ("DATABRICKS_CLIENT_ID", DatabricksStandIn.ClientId), ("DATABRICKS_CLIENT_SECRET", "wrong-secret-value"), ("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")));

        var error = await Assert.ThrowsAsync<MlflowException>(() => client.GetExperimentByNameAsync("x"));

        Assert.Contains("invalid_client", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret-value", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(standIn.Requests, r => r.StartsWith("GET /api/", StringComparison.Ordinal));
    }
}
