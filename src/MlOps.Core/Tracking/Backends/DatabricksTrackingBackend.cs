using MlOps.Contracts.Diagnostics;
using MlOps.Mlflow;
using MlOps.Mlflow.Hosted;
using MlOps.Mlflow.Rest;

namespace MlOps.Core.Tracking.Backends;

/// <summary>
/// A Databricks workspace's hosted MLflow: <c>databricks</c> or <c>databricks://&lt;profile&gt;</c>. Host and
/// credentials (token, or a service principal's OAuth client credentials) come from DATABRICKS_* variables
/// and ~/.databrickscfg with MLflow's precedence (<see cref="DatabricksWorkspace"/>); never from the URI.
/// </summary>
internal sealed class DatabricksTrackingBackend : TrackingBackend
{
    public override TrackingKind Kind => TrackingKind.Databricks;

    public override TrackingTarget? Claim(string uri, string repositoryRoot) =>
        DatabricksWorkspace.IsDatabricksUri(uri) ? new TrackingTarget(TrackingKind.Databricks, uri, null) : null;

    /// <summary>The workspace's MLflow page of the run (MLflow's own databricks run URL).</summary>
    public override string? RunPage(TrackingTarget target, string experimentId, string runId)
    {
        try
        {
            var host = DatabricksWorkspace.Resolve(target.Uri).Host.AbsoluteUri.TrimEnd('/');
            return $"{host}/#mlflow/experiments/{experimentId}/runs/{runId}";
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public override IMlflowStore Open(TrackingTarget target, Func<string, string?> environment)
    {
        try
        {
            var workspace = DatabricksWorkspace.Resolve(target.Uri, environment);
            return new MlflowRestClient(TrackingClientSettings.Apply(workspace.ToRestOptions(environment), environment));
        }
        catch (ArgumentException e)
        {
            throw new MlOpsException(Diagnostic.Error(TrackingErrorCodes.InvalidClientSetting, $"cannot configure the MLflow client for {target.Uri}: {e.Message}", SourceLocation.None("environment")));
        }
    }
}
