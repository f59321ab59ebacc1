using MlOps.Mlflow.Configuration;

namespace MlOps.Mlflow;

/// <summary>
/// Which tracking URI is in effect, with MLflow's precedence: the one the code passes
/// (<c>mlflow.set_tracking_uri</c>), else <c>MLFLOW_TRACKING_URI</c>, else a local <c>./mlruns</c> store.
/// </summary>
public static class MlflowTrackingUri
{
    /// <summary>The folder used when nothing names a tracking URI.</summary>
    public const string DefaultLocalStore = "mlruns";

    /// <summary>The URI in effect: <paramref name="explicitUri"/>, else <c>MLFLOW_TRACKING_URI</c>, else <see cref="DefaultLocalStore"/>.</summary>
    /// <param name="explicitUri">The URI the program chose, or null.</param>
    /// <param name="environment">Variable lookup; the process environment when null.</param>
    public static string Resolve(string? explicitUri = null, Func<string, string?>? environment = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitUri))
        {
            return explicitUri.Trim();
        }
        var fromEnvironment = (environment ?? Environment.GetEnvironmentVariable)(MlflowEnvironmentVariables.TrackingUri);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? DefaultLocalStore : fromEnvironment.Trim();
    }

    /// <summary>True for <c>http://</c> and <c>https://</c> URIs: an MLflow server, reached over REST.</summary>
    /// <param name="uri">A tracking URI.</param>
    public static bool IsServer(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The local folder of a file-store URI: a plain path or <c>file:</c> URI, relative paths against
    /// <paramref name="baseDirectory"/>. Other schemes (databricks, sqlite…) are not supported by this client.
    /// </summary>
    /// <param name="uri">A tracking URI that is not a server.</param>
    /// <param name="baseDirectory">Where relative paths start; the current directory when null.</param>
    public static string LocalPath(string uri, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var root = baseDirectory ?? Directory.GetCurrentDirectory();
        if (uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            var path = uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(uri).LocalPath : uri["file:".Length..];
            return Path.GetFullPath(Path.Combine(root, path));
        }
        // A drive letter (C:\…) is a path; any other "scheme:" is a store this client cannot write.
        if (IsServer(uri) || System.Text.RegularExpressions.Regex.IsMatch(uri, "^[a-zA-Z][a-zA-Z0-9+.-]+:"))
        {
            throw new ArgumentException($"Tracking URI '{uri}' is not supported: use http(s)://host:port for an MLflow server, or a folder / file: URI for a local file store.", nameof(uri));
        }
        return Path.GetFullPath(Path.Combine(root, uri));
    }
}
