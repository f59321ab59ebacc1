using MlOps.Contracts.Diagnostics;
using MlOps.Mlflow;
using MlOps.Mlflow.Rest;

namespace MlOps.Core.Tracking.Backends;

/// <summary>An MLflow server over REST: <c>http(s)://host:port</c>; credentials and TLS come from MLflow's MLFLOW_* variables (<see cref="TrackingClientSettings"/>), never from the URI.</summary>
internal sealed class RestTrackingBackend : TrackingBackend
{
    public override TrackingKind Kind => TrackingKind.Rest;

    public override TrackingTarget? Claim(string uri, string repositoryRoot)
    {
        if (!uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Host.Length == 0)
        {
            throw new MlOpsException(Diagnostic.Error(TrackingErrorCodes.UnsupportedTrackingUri,
                $"tracking URI '{TrackingTarget.Redact(uri)}' is not a valid URL (e.g. an unclosed '[' around an IPv6 address): write http(s)://host:port, such as http://[::1]:5000.",
                SourceLocation.None("MLFLOW_TRACKING_URI")));
        }
        if (parsed.UserInfo.Length > 0)
        {
            throw new MlOpsException(Diagnostic.Error(TrackingErrorCodes.UnsupportedTrackingUri,
                $"tracking URI '{TrackingTarget.Redact(uri)}' carries credentials: remove them from the URI and set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD.",
                SourceLocation.None("MLFLOW_TRACKING_URI")));
        }
        return new TrackingTarget(TrackingKind.Rest, uri.TrimEnd('/'), null);
    }

    /// <summary>The MLflow UI's page of the run, served by the tracking server itself.</summary>
    public override string? RunPage(TrackingTarget target, string experimentId, string runId) => $"{target.Uri}/#/experiments/{experimentId}/runs/{runId}";

    public override IMlflowStore Open(TrackingTarget target, Func<string, string?> environment)
    {
        try
        {
            return new MlflowRestClient(TrackingClientSettings.ForServer(new Uri(target.Uri), environment));
        }
        catch (ArgumentException e)
        {
            throw new MlOpsException(Diagnostic.Error(TrackingErrorCodes.InvalidClientSetting, $"cannot configure the MLflow client for {target.Uri}: {e.Message}", SourceLocation.None("environment")));
        }
    }
}
