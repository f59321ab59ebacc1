using MlOps.Mlflow.Rest;

namespace MlOps.Mlflow.Tests.Configuration;

/// <summary>FromEnvironment reads MLflow's own variables with MLflow's names, defaults, precedence and limits.</summary>
public sealed class MlflowRestOptionsTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Defaults_are_mlflows_own()
    {
        var options = MlflowRestOptions.FromEnvironment(new Uri("http://mlflow:5000"), Env());

        Assert.Equal(7, options.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(2), options.BackoffFactor);
        Assert.Equal(TimeSpan.FromSeconds(1), options.BackoffJitter);
        Assert.Equal(TimeSpan.FromSeconds(120), options.RequestTimeout);
        Assert.True(options.RespectRetryAfterHeader);
        Assert.False(options.InsecureTls);
        Assert.Null(options.TotalTimeout);
        Assert.Null(options.AuthorizationHeader);
    }

    [Fact]
    public void Every_mlflow_variable_is_read()
    {
        var options = MlflowRestOptions.FromEnvironment(new Uri("https://mlflow"), Env(
            ("MLFLOW_TRACKING_TOKEN", "t"), ("MLFLOW_TRACKING_INSECURE_TLS", "TRUE"),
            ("MLFLOW_TRACKING_SERVER_CERT_PATH", "/ca.pem"), ("MLFLOW_TRACKING_CLIENT_CERT_PATH", "/client.pem"),
            ("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0"), ("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", "5"),
            ("MLFLOW_HTTP_REQUEST_BACKOFF_JITTER", "0.5"), ("MLFLOW_HTTP_REQUEST_TIMEOUT", "9"),
            ("MLFLOW_HTTP_RESPECT_RETRY_AFTER_HEADER", "0")));

        Assert.Equal("Bearer t", options.AuthorizationHeader);
        Assert.True(options.InsecureTls);
        Assert.Equal("/ca.pem", options.ServerCertPath);
        Assert.Equal("/client.pem", options.ClientCertPath);
        Assert.Equal(0, options.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(5), options.BackoffFactor);
        Assert.Equal(TimeSpan.FromSeconds(0.5), options.BackoffJitter);
        Assert.Equal(TimeSpan.FromSeconds(9), options.RequestTimeout);
        Assert.False(options.RespectRetryAfterHeader);
    }

    [Fact]
    public void An_explicit_uri_wins_over_MLFLOW_TRACKING_URI_which_is_used_otherwise()
    {
        var env = Env(("MLFLOW_TRACKING_URI", "http://from-env:5000"));

        Assert.Equal("explicit", MlflowRestOptions.FromEnvironment(new Uri("http://explicit:1"), env).TrackingUri.Host);
        Assert.Equal("from-env", MlflowRestOptions.FromEnvironment(null, env).TrackingUri.Host);
        Assert.Throws<ArgumentException>(() => MlflowRestOptions.FromEnvironment(null, Env()));
    }

    [Fact]
    public void Username_and_password_win_over_a_token_as_in_mlflow_and_one_alone_is_not_basic_auth()
    {
        var both = MlflowRestOptions.FromEnvironment(new Uri("http://m"), Env(("MLFLOW_TRACKING_TOKEN", "t"), ("MLFLOW_TRACKING_USERNAME", "ada"), ("MLFLOW_TRACKING_PASSWORD", "pw")));
        var userOnly = MlflowRestOptions.FromEnvironment(new Uri("http://m"), Env(("MLFLOW_TRACKING_TOKEN", "t"), ("MLFLOW_TRACKING_USERNAME", "ada")));

        Assert.Equal("Basic " + Convert.ToBase64String("ada:pw"u8.ToArray()), both.AuthorizationHeader);
        Assert.Equal("Bearer t", userOnly.AuthorizationHeader);
        Assert.DoesNotContain("pw", both.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "many")]
    [InlineData("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "10")]
    [InlineData("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "-1")]
    [InlineData("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", "120")]
    [InlineData("MLFLOW_HTTP_REQUEST_TIMEOUT", "0")]
    [InlineData("MLFLOW_TRACKING_INSECURE_TLS", "yes")]
    public void A_value_mlflow_would_refuse_is_refused_naming_the_variable(string name, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => MlflowRestOptions.FromEnvironment(new Uri("http://m"), Env((name, value))));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Backoff_doubles_from_the_factor_is_capped_and_follows_retry_after()
    {
        var options = new MlflowRestOptions { TrackingUri = new Uri("http://m"), BackoffJitter = TimeSpan.Zero };

        Assert.Equal(TimeSpan.FromSeconds(2), MlflowResiliencePipeline.Backoff(options, 0, null));
        Assert.Equal(TimeSpan.FromSeconds(8), MlflowResiliencePipeline.Backoff(options, 2, null));
        Assert.Equal(TimeSpan.FromSeconds(120), MlflowResiliencePipeline.Backoff(options, 9, null));
        Assert.Equal(TimeSpan.FromSeconds(30), MlflowResiliencePipeline.Backoff(options, 0, TimeSpan.FromSeconds(30)));
        Assert.Equal(TimeSpan.FromSeconds(2), MlflowResiliencePipeline.Backoff(options with { RespectRetryAfterHeader = false }, 0, TimeSpan.FromSeconds(30)));
    }
}
