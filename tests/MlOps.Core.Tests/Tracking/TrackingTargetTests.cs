using MlOps.Contracts.Diagnostics;
using MlOps.Core.Tracking;

namespace MlOps.Core.Tests.Tracking;

public sealed class TrackingTargetTests
{
    private static readonly string Repo = Path.Combine(Path.GetTempPath(), "repo");

    [Fact]
    public void Nothing_configured_means_mlruns_at_the_repository_root()
    {
        var target = TrackingTarget.Select(null, null, Repo);

        Assert.Equal(TrackingKind.FileStore, target.Kind);
        Assert.Equal(Path.Combine(Repo, "mlruns"), target.StorePath);
    }

    [Fact]
    public void The_spec_uri_wins_over_the_environment()
    {
        var target = TrackingTarget.Select("http://127.0.0.1:5000/", "https://mlflow.example.com", Repo);

        Assert.Equal((TrackingKind.Rest, "http://127.0.0.1:5000"), (target.Kind, target.Uri));
    }

    [Theory]
    [InlineData("file:///srv/mlflow/mlruns", "/srv/mlflow/mlruns")]
    [InlineData("file:tracking/mlruns", "tracking/mlruns")]
    [InlineData("./local-runs", "local-runs")]
    public void Paths_and_file_uris_select_a_file_store(string uri, string expected)
    {
        var target = TrackingTarget.Select(null, uri, Repo);

        Assert.Equal(TrackingKind.FileStore, target.Kind);
        Assert.Equal(Path.GetFullPath(Path.Combine(Repo, expected)), target.StorePath);
    }

    [Fact]
    public void An_unsupported_scheme_is_a_clear_error()
    {
        var error = Assert.Throws<MlOpsException>(() => TrackingTarget.Select("sqlite:///mlflow.db", null, Repo));

        Assert.Equal(TrackingErrorCodes.UnsupportedTrackingUri, error.Diagnostics.Single().Code);
        Assert.Contains("http(s)://", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("databricks")]
    [InlineData("databricks://staging")]
    public void Databricks_uris_go_to_the_databricks_backend(string uri)
    {
        var target = TrackingTarget.Select(null, uri, Repo);

        Assert.Equal((TrackingKind.Databricks, uri), (target.Kind, target.Uri));
    }

    [Fact]
    public void An_azureml_uri_goes_to_the_azure_ml_backend_and_missing_credentials_are_a_client_setting_error()
    {
        const string uri = "azureml://eastus.api.azureml.ms/mlflow/v1.0/subscriptions/s/resourceGroups/g/providers/Microsoft.MachineLearningServices/workspaces/w";
        var target = TrackingTarget.Select(uri, null, Repo);

        var error = Assert.Throws<MlOpsException>(() => target.Open(_ => null));

        Assert.Equal(TrackingKind.AzureMl, target.Kind);
        Assert.Equal(TrackingErrorCodes.InvalidClientSetting, error.Diagnostics.Single().Code);
        Assert.Contains("AZURE_CLIENT_ID", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_databricks_workspace_without_credentials_is_a_client_setting_error_that_shows_no_secret()
    {
        var target = TrackingTarget.Select("databricks", null, Repo);
        Func<string, string?> env = name => name switch
        {
            "DATABRICKS_HOST" => "https://adb-1.azuredatabricks.net",
            "DATABRICKS_TOKEN" => "dapi-should-not-show",
            "DATABRICKS_CLIENT_SECRET" => "dose-should-not-show",
            "DATABRICKS_CLIENT_ID" => "sp",
            _ => null,
        };

        var error = Assert.Throws<MlOpsException>(() => target.Open(env));

        Assert.Equal(TrackingErrorCodes.InvalidClientSetting, error.Diagnostics.Single().Code);
        Assert.Contains("More than one Databricks authorization method", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("should-not-show", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_in_the_uri_are_refused_and_never_echoed()
    {
        var error = Assert.Throws<MlOpsException>(() => TrackingTarget.Select("https://ada:hunter2@mlflow.example.com", null, Repo));

        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.Contains("MLFLOW_TRACKING_USERNAME", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Git_remote_urls_lose_their_credentials() =>
        Assert.Equal("https://github.com/octo/digits.git", GitInfo.StripCredentials("https://x-access-token:ghs_abc@github.com/octo/digits.git"));

    [Fact]
    public void An_mlflow_variable_mlflow_would_refuse_is_a_clear_error_naming_it()
    {
        var target = TrackingTarget.Select("http://127.0.0.1:5000", null, Repo);

        var error = Assert.Throws<MlOpsException>(() => target.Open(name => name == "MLFLOW_HTTP_REQUEST_MAX_RETRIES" ? "many" : null));

        Assert.Equal(TrackingErrorCodes.InvalidClientSetting, error.Diagnostics.Single().Code);
        Assert.Contains("MLFLOW_HTTP_REQUEST_MAX_RETRIES", error.Message, StringComparison.Ordinal);
    }
}
