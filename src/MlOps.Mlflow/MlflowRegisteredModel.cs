namespace MlOps.Mlflow;

/// <summary>A registered model (MLflow's RegisteredModel), without its versions.</summary>
/// <param name="Name">Its unique name.</param>
/// <param name="Description">Its description (empty when none).</param>
/// <param name="CreationTimestamp">Unix milliseconds.</param>
/// <param name="LastUpdatedTimestamp">Unix milliseconds.</param>
/// <param name="Aliases">Alias to version number (as MLflow writes it, a string).</param>
public sealed record MlflowRegisteredModel(
    string Name,
    string Description,
    long CreationTimestamp,
    long LastUpdatedTimestamp,
    IReadOnlyDictionary<string, string> Aliases);
