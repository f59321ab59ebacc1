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
    /// paths against the repository root); nothing → &lt;repo root&gt;/mlruns. A refused URI is reported
    /// against where it came from: <paramref name="specUriSource"/> (the spec, or the option that overrode
    /// it) or MLFLOW_TRACKING_URI.
    /// </summary>
    public static TrackingTarget Select(string? specUri, string? environmentUri, string repositoryRoot, string specUriSource = "tracking.uri")
    {
        var fromSpec = !string.IsNullOrWhiteSpace(specUri);
        var chosen = fromSpec ? specUri!.Trim() : environmentUri?.Trim();
        if (string.IsNullOrEmpty(chosen))
        {
            return FileStoreTrackingBackend.At(Path.Combine(repositoryRoot, "mlruns"));
        }
        var source = fromSpec ? specUriSource : EnvironmentSource;
        // The REST client sends requests to the URI's path only, so a query token never served a purpose: it would only be printed and stored.
        if (chosen.IndexOf('?', StringComparison.Ordinal) is >= 0 and var query && Redact(chosen[query..]) != chosen[query..])
        {
            throw new MlOpsException(Diagnostic.Error(TrackingErrorCodes.UnsupportedTrackingUri,
                $"tracking URI '{Redact(chosen)}' carries a secret in its query string: remove it from the URI and set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD.",
                SourceLocation.None(source)));
        }
        try
        {
            foreach (var backend in TrackingBackends.All)
            {
                if (backend.Claim(chosen, repositoryRoot) is { } target)
                {
                    return target;
                }
            }
        }
        catch (MlOpsException e) when (source != EnvironmentSource && e.Diagnostics.Any(d => d.Location.File == EnvironmentSource))
        {
            throw new MlOpsException(e.Diagnostics.Select(d => d.Location.File == EnvironmentSource ? d with { Location = SourceLocation.None(source) } : d).ToList());
        }
        throw new MlOpsException(Diagnostic.Error(TrackingErrorCodes.UnsupportedTrackingUri,
            $"tracking URI '{Redact(chosen)}' is not supported: use http(s)://host:port for an MLflow server, databricks or databricks://<profile> for a Databricks workspace, an azureml:// URI for an Azure Machine Learning workspace, or a folder path / file: URI for a local MLflow file store.",
            SourceLocation.None(source)));
    }

    private const string EnvironmentSource = "MLFLOW_TRACKING_URI";

    /// <summary>The client for this target (<see cref="TrackingBackend.Open"/>): MLflow's MLFLOW_* variables (auth, TLS, retries) plus the product's (<see cref="TrackingClientSettings"/>).</summary>
    /// <param name="environment">Variable lookup; the process environment when null.</param>
    public IMlflowStore Open(Func<string, string?>? environment = null) =>
        TrackingBackends.Of(Kind).Open(this, environment ?? Environment.GetEnvironmentVariable);

    /// <summary>user:password@ and secret-named query parameters (?token=…) of a URI never reach a message.</summary>
    internal static string Redact(string uri) => SecretText.Redact(uri, [])!;
}
