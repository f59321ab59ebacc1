using System.Text.Json.Nodes;

namespace MlOps.Mlflow.Rest;

/// <summary>The model registry over REST API 2.0: registered models, versions, aliases.</summary>
public sealed partial class MlflowRestClient
{
    /// <inheritdoc />
    public async Task EnsureRegisteredModelAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            await transport.PostAsync(Api + "registered-models/create", new JsonObject { ["name"] = name }, cancellationToken).ConfigureAwait(false);
        }
        catch (MlflowException e) when (e.ErrorCode == "RESOURCE_ALREADY_EXISTS")
        {
            // Exists already: exactly what we wanted.
        }
    }

    /// <inheritdoc />
    public async Task<MlflowModelVersion> CreateModelVersionAsync(string name, string source, string runId, CancellationToken cancellationToken = default)
    {
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
        await transport.PostAsync(Api + "registered-models/alias", new JsonObject
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
            var answer = await transport.GetAsync($"{Api}registered-models/alias?name={Uri.EscapeDataString(name)}&alias={Uri.EscapeDataString(alias)}", cancellationToken).ConfigureAwait(false);
            return MlflowJson.ModelVersion(answer["model_version"]!);
        }
        catch (MlflowException e) when (e.ErrorCode is "RESOURCE_DOES_NOT_EXIST"
            || (e.ErrorCode == "INVALID_PARAMETER_VALUE" && e.Message.Contains("not found", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }
    }
}
