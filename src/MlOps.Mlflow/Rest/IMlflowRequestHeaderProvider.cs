namespace MlOps.Mlflow.Rest;

/// <summary>
/// Adds headers to every MLflow request, like the <c>RequestHeaderProvider</c> plugins of MLflow's
/// Python client: a short-lived token from an identity provider, a tenant header, a trace id.
/// </summary>
public interface IMlflowRequestHeaderProvider
{
    /// <summary>Headers for one attempt of a request to <paramref name="requestUri"/>; called again on each retry.</summary>
    /// <param name="requestUri">The full URI of the request about to be sent.</param>
    /// <param name="cancellationToken">Cancels the lookup together with the request.</param>
    ValueTask<IReadOnlyDictionary<string, string>> GetHeadersAsync(Uri requestUri, CancellationToken cancellationToken);
}
