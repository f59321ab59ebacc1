using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using MlOps.Mlflow.FileStore;
using MlOps.Mlflow.Rest;

namespace MlOps.Mlflow.DependencyInjection;

/// <summary>Registers the MLflow client with <see cref="IServiceCollection"/> and <see cref="IHttpClientFactory"/>.</summary>
public static class MlflowServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the REST client sends with.</summary>
    public const string HttpClientName = "MlOps.Mlflow";

    /// <summary>
    /// Registers <see cref="MlflowClient"/>, <see cref="IMlflowStore"/> and the narrow
    /// <see cref="IMlflowTracking"/>, <see cref="IMlflowArtifacts"/> and <see cref="IMlflowRegistry"/>
    /// for the tracking URI in effect (<paramref name="trackingUri"/>, else <c>MLFLOW_TRACKING_URI</c>,
    /// else <c>./mlruns</c>). A server is reached through the named client <see cref="HttpClientName"/>,
    /// whose primary handler applies the TLS settings and whose log goes to <see cref="ILogger"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="trackingUri">The tracking URI, or null for MLflow's precedence.</param>
    /// <param name="configure">Adjusts the REST options read from the <c>MLFLOW_*</c> variables (e.g. a header provider).</param>
    /// <returns>The HttpClient builder, to add handlers (resilience, telemetry) of your own.</returns>
    public static IHttpClientBuilder AddMlflowClient(this IServiceCollection services, string? trackingUri = null, Func<MlflowRestOptions, MlflowRestOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var uri = MlflowTrackingUri.Resolve(trackingUri);
        var builder = services.AddHttpClient(HttpClientName);
        var hosted = Hosted.DatabricksWorkspace.IsDatabricksUri(uri) || Hosted.AzureMlWorkspace.IsAzureMlUri(uri);
        if (hosted || MlflowTrackingUri.IsServer(uri))
        {
            // Hosted workspaces: their host and credentials (DATABRICKS_*, ~/.databrickscfg, AZURE_*, az).
            var options = Hosted.DatabricksWorkspace.IsDatabricksUri(uri) ? Hosted.DatabricksWorkspace.Resolve(uri).ToRestOptions()
                : Hosted.AzureMlWorkspace.IsAzureMlUri(uri) ? Hosted.AzureMlWorkspace.Resolve(uri).ToRestOptions()
                : MlflowRestOptions.FromEnvironment(new Uri(uri));
            options = configure?.Invoke(options) ?? options;
            // The client's own timeouts and retries govern; HttpClient's 100 s default would cut across them.
            builder.ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan)
                .ConfigurePrimaryHttpMessageHandler(() => MlflowHttpHandler.Create(options));
            services.TryAddTransient<IMlflowStore>(provider => new MlflowRestClient(
                options,
                provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
                provider.GetService<ILogger<MlflowRestClient>>()));
        }
        else
        {
            var root = MlflowTrackingUri.LocalPath(uri);
            services.TryAddSingleton<IMlflowStore>(_ => new MlflowFileStore(root));
        }
        services.TryAddTransient<IMlflowTracking>(provider => provider.GetRequiredService<IMlflowStore>());
        services.TryAddTransient<IMlflowArtifacts>(provider => provider.GetRequiredService<IMlflowStore>());
        services.TryAddTransient<IMlflowRegistry>(provider => provider.GetRequiredService<IMlflowStore>());
        services.TryAddTransient(provider => new MlflowClient(provider.GetRequiredService<IMlflowStore>(), provider.GetService<TimeProvider>()));
        return builder;
    }
}
