using MlOps.Mlflow;

namespace MlOps.Core.Tracking.Backends;

/// <summary>
/// Where runs can be logged: claims the tracking URIs it serves and opens a client for them. The
/// spec language only carries the URI (<c>tracking.uri</c>), so a backend has no spec half.
/// </summary>
public abstract class TrackingBackend
{
    public abstract TrackingKind Kind { get; }

    /// <summary>The target for <paramref name="uri"/> (trimmed, not empty) when this backend serves it; else null, for the next backend.</summary>
    /// <exception cref="Contracts.Diagnostics.MlOpsException">The URI is this backend's but unusable (e.g. it carries credentials).</exception>
    public abstract TrackingTarget? Claim(string uri, string repositoryRoot);

    /// <summary>The web page of a logged run, for reports and the console; null when the backend has none.</summary>
    public virtual string? RunPage(TrackingTarget target, string experimentId, string runId) => null;

    /// <param name="environment">Variable lookup for the client's settings (MLFLOW_* and the product's).</param>
    public abstract IMlflowStore Open(TrackingTarget target, Func<string, string?> environment);
}
