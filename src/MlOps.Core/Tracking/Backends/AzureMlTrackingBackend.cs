using MlOps.Contracts.Diagnostics;
using MlOps.Mlflow;
using MlOps.Mlflow.Hosted;
using MlOps.Mlflow.Rest;

namespace MlOps.Core.Tracking.Backends;

/// <summary>
/// An Azure Machine Learning workspace's MLflow: its <c>azureml://</c> tracking URI; Entra ID tokens from
/// a service principal, workload identity or the Azure CLI (<see cref="AzureMlWorkspace"/>), never from the URI.
/// </summary>
internal sealed class AzureMlTrackingBackend : TrackingBackend
{
    public override TrackingKind Kind => TrackingKind.AzureMl;

    public override TrackingTarget? Claim(string uri, string repositoryRoot) =>
        AzureMlWorkspace.IsAzureMlUri(uri) ? new TrackingTarget(TrackingKind.AzureMl, uri, null) : null;

    public override IMlflowStore Open(TrackingTarget target, Func<string, string?> environment)
    {
        try
        {
            var workspace = AzureMlWorkspace.Resolve(target.Uri, environment);
            return new MlflowRestClient(TrackingClientSettings.Apply(workspace.ToRestOptions(environment), environment));
        }
        catch (ArgumentException e)
        {
            throw new MlOpsException(Diagnostic.Error(TrackingErrorCodes.InvalidClientSetting, $"cannot configure the MLflow client for the Azure ML workspace: {e.Message}", SourceLocation.None("environment")));
        }
    }
}
