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

    /// <summary>Removes the alias; no error when the model has no such alias (as MLflow).</summary>
    /// <param name="name">The registered model's name.</param>
    /// <param name="alias">The alias.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task DeleteAliasAsync(string name, string alias, CancellationToken cancellationToken = default);

    /// <summary>The registered model with its aliases, or null when there is none with that name.</summary>
    /// <param name="name">The registered model's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<MlflowRegisteredModel?> GetRegisteredModelAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of model versions matching <paramref name="filter"/> (<c>name='x'</c> or <c>run_id='…'</c>;
    /// null for all), ordered by name, then newest version first.
    /// </summary>
    /// <param name="filter">MLflow's filter, or null for every version.</param>
    /// <param name="maxResults">The page size, at least 1.</param>
    /// <param name="pageToken">The previous page's token, or null for the first page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<MlflowPage<MlflowModelVersion>> SearchModelVersionsPageAsync(string? filter, int maxResults, string? pageToken, CancellationToken cancellationToken = default);
}
