using Microsoft.Extensions.DependencyInjection;
using MlOps.Mlflow.DependencyInjection;
using MlOps.Mlflow.FileStore;
using MlOps.Mlflow.Rest;
using MlOps.Mlflow.Tests.Fakes;

namespace MlOps.Mlflow.Tests.DependencyInjection;

/// <summary>AddMlflowClient wires the client to IHttpClientFactory for a server, to the file store otherwise.</summary>
public sealed class AddMlflowClientTests : IDisposable
{
    private readonly FakeMlflowServer server = new();

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task A_server_uri_gives_a_rest_client_sending_through_the_named_http_client()
    {
        var services = new ServiceCollection().AddLogging();
        var handlerUsed = false;
        services.AddMlflowClient(server.Uri.AbsoluteUri, options => options with { MaxRetries = 0 })
            .AddHttpMessageHandler(() => new SpyHandler(() => handlerUsed = true));
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<MlflowClient>();
        await client.CreateExperimentAsync("from-di");

        Assert.IsType<MlflowRestClient>(provider.GetRequiredService<IMlflowRegistry>());
        Assert.IsType<MlflowRestClient>(provider.GetRequiredService<IMlflowArtifacts>());
        Assert.Equal(0, ((MlflowRestClient)provider.GetRequiredService<IMlflowTracking>()).Options.MaxRetries);
        Assert.True(handlerUsed);
        Assert.Contains(server.Requests, r => r.EndsWith("experiments/create", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_databricks_uri_gives_a_rest_client_for_the_workspace_of_the_config_file()
    {
        var home = TestClients.TempDirectory();
        var config = Path.Combine(home, "databrickscfg");
        File.WriteAllText(config, $"[di]\nhost = {server.Uri}\ntoken = dapi-di\n");
        Environment.SetEnvironmentVariable("DATABRICKS_CONFIG_FILE", config);
        try
        {
            var services = new ServiceCollection();
            services.AddMlflowClient("databricks://di", options => options with { MaxRetries = 0 });
            await using var provider = services.BuildServiceProvider();

            var rest = Assert.IsType<MlflowRestClient>(provider.GetRequiredService<IMlflowStore>());
            await provider.GetRequiredService<MlflowClient>().CreateExperimentAsync("from-databricks");

            Assert.Equal(server.Uri.AbsoluteUri.TrimEnd('/'), rest.Options.TrackingUri.AbsoluteUri.TrimEnd('/'));
            Assert.Equal("Bearer dapi-di", server.AuthorizationHeaders.Last());
        }
        finally
        {
            Environment.SetEnvironmentVariable("DATABRICKS_CONFIG_FILE", null);
        }
    }

    [Fact]
    public async Task A_folder_gives_the_file_store()
    {
        var folder = Path.Combine(TestClients.TempDirectory(), "mlruns");
        var services = new ServiceCollection();
        services.AddMlflowClient(folder);
        await using var provider = services.BuildServiceProvider();

        var store = Assert.IsType<MlflowFileStore>(provider.GetRequiredService<IMlflowStore>());
        Assert.Equal(folder, store.Root);
        Assert.Same(store, provider.GetRequiredService<MlflowClient>().Store);
    }

    private sealed class SpyHandler(Action onSend) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            onSend();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
