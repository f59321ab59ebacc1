using MlOps.Mlflow.Hosted;
using MlOps.Mlflow.Rest;
using MlOps.Mlflow.Tests.Fakes;

namespace MlOps.Mlflow.Tests.Hosted;

/// <summary>
/// azureml:// tracking URIs: the workspace's MLflow path, and bearer tokens from a service principal
/// secret, workload identity (a federated token file, as GitHub OIDC leaves it) or the Azure CLI, against
/// a 127.0.0.1 stand-in for Entra ID and the workspace; no secret in any message.
/// </summary>
public sealed class AzureMlTests
{
    private const string MlflowCall = $"GET {AzureMlStandIn.WorkspacePath}/api/2.0/mlflow/experiments/get-by-name [Bearer]";

    private static Func<string, string?> Env(AzureMlStandIn standIn, params (string Key, string Value)[] values) =>
        name => name switch
        {
            "AZURE_AUTHORITY_HOST" => standIn.Uri.AbsoluteUri,
            "MLFLOW_HTTP_REQUEST_MAX_RETRIES" => "0",
            "PATH" => values.FirstOrDefault(v => v.Key == "PATH").Value ?? "",
            _ => values.FirstOrDefault(v => v.Key == name).Value,
        };

    private static async Task<MlflowExperiment?> LookUp(AzureMlStandIn standIn, Func<string, string?> env)
    {
        var workspace = AzureMlWorkspace.Resolve(standIn.TrackingUri, env, "http");
        using var rest = new MlflowRestClient(workspace.ToRestOptions(env));
        return await rest.GetExperimentByNameAsync("x");
    }

    [Fact]
    public async Task A_service_principal_secret_gets_a_token_for_the_workspace_path()
    {
        using var standIn = new AzureMlStandIn();
        var env = Env(standIn, ("AZURE_TENANT_ID", AzureMlStandIn.Tenant), ("AZURE_CLIENT_ID", AzureMlStandIn.ClientId), ("AZURE_CLIENT_SECRET", AzureMlStandIn.Secret));

        Assert.Null(await LookUp(standIn, env));

        Assert.Equal([$"POST /{AzureMlStandIn.Tenant}/oauth2/v2.0/token []", MlflowCall], standIn.Requests);
        Assert.Equal("client-secret", AzureMlWorkspace.Resolve(standIn.TrackingUri, env, "http").CredentialKind);
    }

    [Fact]
    public async Task Workload_identity_sends_the_federated_token_file_as_client_assertion()
    {
        using var standIn = new AzureMlStandIn();
        var file = Path.Combine(TestClients.TempDirectory(), "azure-identity-token");
        File.WriteAllText(file, AzureMlStandIn.Assertion + "\n");
        var env = Env(standIn, ("AZURE_TENANT_ID", AzureMlStandIn.Tenant), ("AZURE_CLIENT_ID", AzureMlStandIn.ClientId), ("AZURE_FEDERATED_TOKEN_FILE", file));

        Assert.Null(await LookUp(standIn, env));

        Assert.Equal([$"POST /{AzureMlStandIn.Tenant}/oauth2/v2.0/token []", MlflowCall], standIn.Requests);
    }

    [Fact]
    public async Task Without_variables_the_Azure_CLI_login_gives_the_token()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // the fake az is a shell script
        }
        using var standIn = new AzureMlStandIn();
        var bin = TestClients.TempDirectory();
        var args = Path.Combine(bin, "args.txt");
        File.WriteAllText(Path.Combine(bin, "az"), $"#!/bin/sh\necho \"$@\" > '{args}'\necho '{{\"accessToken\": \"{AzureMlStandIn.CliToken}\", \"expires_on\": {DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}, \"tokenType\": \"Bearer\"}}'\n");
        File.SetUnixFileMode(Path.Combine(bin, "az"), UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);

        Assert.Null(await LookUp(standIn, Env(standIn, ("PATH", bin))));

        Assert.Equal([MlflowCall], standIn.Requests);
        Assert.Equal("account get-access-token --output json --resource https://management.azure.com", File.ReadAllText(args).Trim());
    }

    [Fact]
    public async Task A_refused_secret_fails_without_showing_it()
    {
        using var standIn = new AzureMlStandIn();
        var env = Env(standIn, ("AZURE_TENANT_ID", AzureMlStandIn.Tenant), ("AZURE_CLIENT_ID", AzureMlStandIn.ClientId), ("AZURE_CLIENT_SECRET", "wrong-secret-value"));

        var error = await Assert.ThrowsAsync<MlflowException>(() => LookUp(standIn, env));

        Assert.Contains("invalid_client", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret-value", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(standIn.Requests, r => r.Contains("/api/2.0/", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_uris_and_missing_credentials_are_explained_without_echoing_tokens()
    {
        Func<string, string?> none = _ => null;
        var bad = Assert.Throws<ArgumentException>(() => AzureMlWorkspace.Resolve("azureml://eastus.api.azureml.ms/mlflow/v1.0/nowhere?auth=eyJ-old-token", none));
        var noCredential = Assert.Throws<ArgumentException>(() => AzureMlWorkspace.Resolve($"azureml://eastus.api.azureml.ms{AzureMlStandIn.WorkspacePath}?auth=eyJ-old-token", none));

        Assert.Contains("az ml workspace show --query mlflow_tracking_uri", bad.Message, StringComparison.Ordinal);
        Assert.Contains("AZURE_FEDERATED_TOKEN_FILE", noCredential.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ-old-token", bad.Message + noCredential.Message, StringComparison.Ordinal);
        var workspace = AzureMlWorkspace.Resolve($"azureml://eastus.api.azureml.ms{AzureMlStandIn.WorkspacePath}?auth=eyJ-old-token",
            name => name switch { "AZURE_TENANT_ID" => "t", "AZURE_CLIENT_ID" => "c", "AZURE_CLIENT_SECRET" => "s3cret-value", _ => null });
        Assert.Equal(new Uri($"https://eastus.api.azureml.ms{AzureMlStandIn.WorkspacePath}"), workspace.Endpoint);
        Assert.DoesNotContain("s3cret-value", workspace.ToString() + workspace.Source + workspace.ToRestOptions(_ => null), StringComparison.Ordinal);
    }
}
