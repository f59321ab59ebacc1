namespace MlOps.Mlflow;

/// <summary>MLflow's model registry: registered models, their versions and aliases.</summary>
public interface IMlflowRegistry
{
    /// <summary>Creates the registered model unless it exists.</summary>
    /// <param name="name">The registered model's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task EnsureRegisteredModelAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>A new version of the registered model, from a run's model artifact.</summary>
    /// <param name="name">The registered model's name.</param>
    /// <param name="source">Where the model is, e.g. <c>&lt;run artifact uri&gt;/model</c>.</param>
    /// <param name="runId">The run that produced it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<MlflowModelVersion> CreateModelVersionAsync(string name, string source, string runId, CancellationToken cancellationToken = default);

    /// <summary>Points the alias (e.g. <c>champion</c>) at the version, moving it from any other.</summary>
    /// <param name="name">The registered model's name.</param>
    /// <param name="alias">The alias.</param>
    /// <param name="version">The version number, as MLflow writes it (a string).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task SetAliasAsync(string name, string alias, string version, CancellationToken cancellationToken = default);

    /// <summary>The version an alias points at, or null when the model or alias does not exist.</summary>
    /// <param name="name">The registered model's name.</param>
    /// <param name="alias">The alias.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<MlflowModelVersion?> GetVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken = default);
}
