using MlOps.Contracts.Diagnostics;
using MlOps.Mlflow;
using MlOps.Mlflow.FileStore;
using MlOps.Mlflow.Rest;
using MlOps.Specs.Model;

namespace MlOps.Core.Tracking;

public enum TrackingKind { Rest, FileStore }

/// <summary>Where runs are logged: an MLflow server (REST) or a local MLflow file store.</summary>
public sealed record TrackingTarget(TrackingKind Kind, string Uri, string? StorePath)
{
    /// <summary>
    /// tracking.uri wins over MLFLOW_TRACKING_URI; http(s):// → REST, a path or file: URI → file
    /// store (relative paths against the repository root); nothing → &lt;repo root&gt;/mlruns.
    /// </summary>
    public static TrackingTarget Select(string? specUri, string? environmentUri, string repositoryRoot)
    {
        var chosen = !string.IsNullOrWhiteSpace(specUri) ? specUri.Trim() : environmentUri?.Trim();
        if (string.IsNullOrEmpty(chosen))
        {
            return File(Path.Combine(repositoryRoot, "mlruns"));
        }
        if (chosen.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || chosen.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (new System.Uri(chosen).UserInfo.Length > 0)
            {
                throw new MlOpsException(Diagnostic.Error(TrackingErrorCodes.UnsupportedTrackingUri,
                    $"tracking URI '{Redact(chosen)}' carries credentials: remove them from the URI and set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD.",
                    SourceLocation.None("MLFLOW_TRACKING_URI")));
            }
            return new TrackingTarget(TrackingKind.Rest, chosen.TrimEnd('/'), null);
        }
        if (chosen.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            var path = chosen.StartsWith("file://", StringComparison.OrdinalIgnoreCase)
                ? new Uri(chosen).LocalPath
                : chosen["file:".Length..];
            return File(Path.Combine(repositoryRoot, path));
        }
        if (chosen.Contains("://", StringComparison.Ordinal) || System.Text.RegularExpressions.Regex.IsMatch(chosen, "^[a-zA-Z][a-zA-Z0-9+.-]+:(?![\\\\/])"))
        {
            throw new MlOpsException(Diagnostic.Error(TrackingErrorCodes.UnsupportedTrackingUri,
                $"tracking URI '{Redact(chosen)}' is not supported: use http(s)://host:port for an MLflow server, or a folder path / file: URI for a local MLflow file store.",
                SourceLocation.None("MLFLOW_TRACKING_URI")));
        }
        return File(Path.Combine(repositoryRoot, chosen));
    }

    /// <summary>The client for this target: MLflow's MLFLOW_* variables (auth, TLS, retries) plus the product's (<see cref="TrackingClientSettings"/>).</summary>
    /// <param name="environment">Variable lookup; the process environment when null.</param>
    public IMlflowStore Open(Func<string, string?>? environment = null)
    {
        if (Kind != TrackingKind.Rest)
        {
            return new MlflowFileStore(StorePath!);
        }
        try
        {
            return new MlflowRestClient(TrackingClientSettings.ForServer(new Uri(Uri), environment ?? Environment.GetEnvironmentVariable));
        }
        catch (ArgumentException e)
        {
            throw new MlOpsException(Diagnostic.Error(TrackingErrorCodes.InvalidClientSetting, $"cannot configure the MLflow client for {Uri}: {e.Message}", SourceLocation.None("environment")));
        }
    }

    private static TrackingTarget File(string path)
    {
        var full = Path.GetFullPath(path);
        return new TrackingTarget(TrackingKind.FileStore, new Uri(full).AbsoluteUri, full);
    }

    /// <summary>user:password@ in a URI never reaches a message.</summary>
    private static string Redact(string uri) => System.Text.RegularExpressions.Regex.Replace(uri, "//[^/@]+@", "//***@");
}
