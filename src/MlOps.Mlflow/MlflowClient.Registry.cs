namespace MlOps.Mlflow;

/// <summary>The model registry part of the façade: registered models, versions, aliases.</summary>
public sealed partial class MlflowClient
{
    /// <summary>Creates the registered model; unlike Python's, succeeds when it exists already (two builds may race).</summary>
    /// <param name="name">The registered model's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task CreateRegisteredModelAsync(string name, CancellationToken cancellationToken = default) =>
        Store.EnsureRegisteredModelAsync(name, cancellationToken);

    /// <summary>A new version of the registered model from <paramref name="source"/>, e.g. <c>runs:/&lt;run&gt;/model</c>'s artifact URI.</summary>
    /// <param name="name">The registered model's name.</param>
    /// <param name="source">The model's location.</param>
    /// <param name="runId">The run that produced it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<MlflowModelVersion> CreateModelVersionAsync(string name, string source, string runId, CancellationToken cancellationToken = default) =>
        Store.CreateModelVersionAsync(name, source, runId, cancellationToken);

    /// <summary>Points <paramref name="alias"/> at <paramref name="version"/>, moving it from any other version.</summary>
    /// <param name="name">The registered model's name.</param>
    /// <param name="alias">The alias, e.g. <c>champion</c>.</param>
    /// <param name="version">The version number.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task SetRegisteredModelAliasAsync(string name, string alias, string version, CancellationToken cancellationToken = default) =>
        Store.SetAliasAsync(name, alias, version, cancellationToken);

    /// <summary>The version <paramref name="alias"/> points at, or null when the model or alias does not exist.</summary>
    /// <param name="name">The registered model's name.</param>
    /// <param name="alias">The alias.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<MlflowModelVersion?> GetModelVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken = default) =>
        Store.GetVersionByAliasAsync(name, alias, cancellationToken);

    /// <summary>Removes <paramref name="alias"/> from the registered model; no error when it has no such alias.</summary>
    /// <param name="name">The registered model's name.</param>
    /// <param name="alias">The alias.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task DeleteRegisteredModelAliasAsync(string name, string alias, CancellationToken cancellationToken = default) =>
        Store.DeleteAliasAsync(name, alias, cancellationToken);

    /// <summary>The registered model with its aliases; unlike Python's, null when there is none with that name.</summary>
    /// <param name="name">The registered model's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<MlflowRegisteredModel?> GetRegisteredModelAsync(string name, CancellationToken cancellationToken = default) =>
        Store.GetRegisteredModelAsync(name, cancellationToken);

    /// <summary>Model versions matching a filter such as <c>name='digits-classifier'</c>, by name, newest version first.</summary>
    /// <param name="filterString"><c>name='x'</c>, <c>run_id='…'</c> (joined with AND), or null for every version.</param>
    /// <param name="maxResults">The page size, at least 1.</param>
    /// <param name="pageToken">The previous page's <see cref="MlflowPage{T}.NextPageToken"/>, or null for the first page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<MlflowPage<MlflowModelVersion>> SearchModelVersionsAsync(string? filterString = null, int maxResults = 10000, string? pageToken = null, CancellationToken cancellationToken = default) =>
        Store.SearchModelVersionsPageAsync(filterString, maxResults, pageToken, cancellationToken);
}
