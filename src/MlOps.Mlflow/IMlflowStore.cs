namespace MlOps.Mlflow;

/// <summary>
/// All of MLflow at one tracking URI: tracking, artifacts and registry. What the REST client and the
/// file store both are, and what whole-run helpers (<see cref="Outbox.RunRecorder"/>) need; code that
/// needs less should ask for the narrow interface, which is easier to fake.
/// </summary>
public interface IMlflowStore : IMlflowTracking, IMlflowArtifacts, IMlflowRegistry
{
}
