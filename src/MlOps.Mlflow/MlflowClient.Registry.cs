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
}
