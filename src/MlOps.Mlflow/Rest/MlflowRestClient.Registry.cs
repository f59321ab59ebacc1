using System.Text.Json.Nodes;

namespace MlOps.Mlflow.Rest;

/// <summary>The model registry over REST API 2.0: registered models, versions, aliases (on Databricks, Unity Catalog's for catalog.schema.model names).</summary>
public sealed partial class MlflowRestClient
{
    /// <summary>
    /// Where registry calls for <paramref name="name"/> go: on Databricks a name with a period is a Unity Catalog
    /// name (<c>api/2.0/mlflow/unity-catalog/…</c>, same request shapes), checked against its naming rules first.
    /// </summary>
    private string RegistryApi(string name)
    {
        if (!Options.DatabricksArtifacts || !Hosted.UnityCatalogName.IsUnityCatalogName(name))
        {
            return Api;
        }
        return Hosted.UnityCatalogName.Problem(name) is { } problem
            // Refused as Unity Catalog refuses it (INVALID_PARAMETER_VALUE), before any call: callers treat it as a refused call.
            ? throw new MlflowException("unity-catalog/registered-models", null, "INVALID_PARAMETER_VALUE", $"'{name}' is not a Unity Catalog model name: {problem}; write catalog.schema.model, or a name without periods for the workspace registry.")
            : Hosted.UnityCatalogRegistration.Api;
    }

    /// <inheritdoc />
    public async Task EnsureRegisteredModelAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            await transport.PostAsync(RegistryApi(name) + "registered-models/create", new JsonObject { ["name"] = name }, cancellationToken).ConfigureAwait(false);
        }
        catch (MlflowException e) when (e.ErrorCode == "RESOURCE_ALREADY_EXISTS")
        {
            // Exists already: exactly what we wanted.
        }
    }

    /// <inheritdoc />
    public async Task<MlflowModelVersion> CreateModelVersionAsync(string name, string source, string runId, CancellationToken cancellationToken = default)
    {
        if (RegistryApi(name) != Api)
        {
            return await Hosted.UnityCatalogRegistration.CreateAsync(this, transport, http, name, source, runId, cancellationToken).ConfigureAwait(false);
        }
        var answer = await transport.PostAsync(Api + "model-versions/create", new JsonObject
        {
            ["name"] = name,
            ["source"] = source,
            ["run_id"] = runId,
        }, cancellationToken).ConfigureAwait(false);
        return MlflowJson.ModelVersion(answer["model_version"]!);
    }

    /// <inheritdoc />
    public async Task SetAliasAsync(string name, string alias, string version, CancellationToken cancellationToken = default) =>
        await transport.PostAsync(RegistryApi(name) + "registered-models/alias", new JsonObject
        {
            ["name"] = name,
            ["alias"] = alias,
            ["version"] = version,
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>MLflow answers a missing alias with 400 INVALID_PARAMETER_VALUE and a missing model with 404.</summary>
    public async Task<MlflowModelVersion?> GetVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        try
        {
            var answer = await transport.GetAsync($"{RegistryApi(name)}registered-models/alias?name={Uri.EscapeDataString(name)}&alias={Uri.EscapeDataString(alias)}", cancellationToken).ConfigureAwait(false);
            return MlflowJson.ModelVersion(answer["model_version"]!);
        }
        catch (MlflowException e) when (e.ErrorCode is "RESOURCE_DOES_NOT_EXIST"
            || (e.ErrorCode == "INVALID_PARAMETER_VALUE" && e.Message.Contains("not found", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }
    }
}
