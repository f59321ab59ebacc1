using MlOps.Core.Tracking;

namespace MlOps.Core.Tests.Tracking;

/// <summary>The product's settings sit on top of MLflow's variables, which the client reads itself.</summary>
public sealed class TrackingClientSettingsTests
{
    private static readonly Uri Server = new("http://mlflow:5000");

    [Fact]
    public void Mlflow_variables_configure_the_client_and_the_product_bounds_one_call()
    {
        var env = new Dictionary<string, string> { ["MLFLOW_TRACKING_TOKEN"] = "t", ["MLFLOW_HTTP_REQUEST_MAX_RETRIES"] = "3", ["MLFLOW_HTTP_REQUEST_TIMEOUT"] = "15" };

        var options = TrackingClientSettings.ForServer(Server, env.GetValueOrDefault);

        Assert.Equal("t", options.Token);
        Assert.Equal(3, options.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(15), options.RequestTimeout);
        Assert.Equal(TrackingClientSettings.DefaultTotalTimeout, options.TotalTimeout);
    }

    [Fact]
    public void The_products_own_variables_win_over_mlflows_when_set()
    {
        var env = new Dictionary<string, string>
        {
            ["MLFLOW_HTTP_REQUEST_MAX_RETRIES"] = "3",
            ["MLOPS_TRACKING_MAX_RETRIES"] = "0",
            ["MLOPS_TRACKING_TIMEOUT_SECONDS"] = "1",
            ["MLOPS_TRACKING_TOTAL_TIMEOUT_SECONDS"] = "10",
            ["MLOPS_TRACKING_RETRY_DELAY_MS"] = "10",
        };

        var options = TrackingClientSettings.ForServer(Server, env.GetValueOrDefault);

        Assert.Equal(0, options.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(1), options.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), options.TotalTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(10), options.BackoffFactor);
    }
}
