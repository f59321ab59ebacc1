using MlOps.Contracts.Diagnostics;
using MlOps.Core.Tracking.Backends;
using MlOps.Mlflow;
using MlOps.Specs.Model;

namespace MlOps.Core.Tracking;

public enum TrackingKind { Rest, FileStore, Databricks, AzureMl }

/// <summary>Where runs are logged: an MLflow server (REST) or a local MLflow file store.</summary>
public sealed record TrackingTarget(TrackingKind Kind, string Uri, string? StorePath)
{
    /// <summary>
    /// tracking.uri wins over MLFLOW_TRACKING_URI; the first backend that claims it serves it
    /// (<see cref="TrackingBackends"/>: http(s):// → REST, a path or file: URI → file store, relative
    /// paths against the repository root); nothing → &lt;repo root&gt;/mlruns.
    /// </summary>
    public static TrackingTarget Select(string? specUri, string? environmentUri, string repositoryRoot)
    {
        var chosen = !string.IsNullOrWhiteSpace(specUri) ? specUri.Trim() : environmentUri?.Trim();
        if (string.IsNullOrEmpty(chosen))
        {
            return FileStoreTrackingBackend.At(Path.Combine(repositoryRoot, "mlruns"));
        }
        foreach (var backend in TrackingBackends.All)
        {
            if (backend.Claim(chosen, repositoryRoot) is { } target)
            {
                return target;
            }
        }
        throw new MlOpsException(Diagnostic.Error(TrackingErrorCodes.UnsupportedTrackingUri,
            $"tracking URI '{Redact(chosen)}' is not supported: use http(s)://host:port for an MLflow server, databricks or databricks://<profile> for a Databricks workspace, an azureml:// URI for an Azure Machine Learning workspace, or a folder path / file: URI for a local MLflow file store.",
            SourceLocation.None("MLFLOW_TRACKING_URI")));
    }

    /// <summary>The client for this target (<see cref="TrackingBackend.Open"/>): MLflow's MLFLOW_* variables (auth, TLS, retries) plus the product's (<see cref="TrackingClientSettings"/>).</summary>
    /// <param name="environment">Variable lookup; the process environment when null.</param>
    public IMlflowStore Open(Func<string, string?>? environment = null) =>
        TrackingBackends.Of(Kind).Open(this, environment ?? Environment.GetEnvironmentVariable);

    /// <summary>user:password@ in a URI never reaches a message.</summary>
    internal static string Redact(string uri) => System.Text.RegularExpressions.Regex.Replace(uri, "//[^/@]+@", "//***@");
}
