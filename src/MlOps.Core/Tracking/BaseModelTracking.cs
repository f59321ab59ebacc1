using System.Text.Json;
using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using MlOps.Mlflow;

namespace MlOps.Core.Tracking;

/// <summary>
/// The base model's source in MLflow: params and tags (Hub id, revision, commit, cache) and an
/// input with context <c>base_model</c> next to the datasets, so a run shows exactly which weights it started from.
/// </summary>
public static class BaseModelTracking
{
    public const string InputContext = "base_model";

    public static IEnumerable<MlflowParam> Params(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Model.BaseSource is not { } source)
        {
            yield break;
        }
        yield return new MlflowParam("base.source.kind", JsonName.Of(source.Kind));
        yield return new MlflowParam("base.source.digest", source.Digest);
        if (source.Kind == CheckpointSourceKind.Hub)
        {
            yield return new MlflowParam("base.hub_id", source.HubId!);
            yield return new MlflowParam("base.revision", source.Revision!);
            yield return new MlflowParam("base.commit", source.Commit ?? "not-cached");
            yield return new MlflowParam("base.cache", source.CacheDirectory ?? "");
        }
    }

    public static IEnumerable<MlflowTag> Tags(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Model.BaseSource is not { Kind: CheckpointSourceKind.Hub } source)
        {
            yield break;
        }
        yield return new MlflowTag("mlops.base.hub_id", source.HubId!);
        yield return new MlflowTag("mlops.base.revision", source.Revision!);
        if (source.Commit is { } commit)
        {
            yield return new MlflowTag("mlops.base.commit", commit);
        }
    }

    /// <summary>A dataset-style input: Hub models as source type hugging_face (path + revision), others as local files.</summary>
    public static IEnumerable<MlflowDatasetInput> Inputs(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Model.BaseSource is not { } source)
        {
            yield break;
        }
        var hub = source.Kind == CheckpointSourceKind.Hub;
        var sourceJson = hub
            ? JsonSerializer.Serialize(new Dictionary<string, string?> { ["path"] = source.HubId, ["revision"] = source.Commit ?? source.Revision })
            : JsonSerializer.Serialize(new Dictionary<string, string> { ["uri"] = new Uri(Path.GetFullPath(source.Path)).AbsoluteUri });
        var profile = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["files"] = source.Files.ToDictionary(f => f.Name, f => f.Digest),
            ["bytes"] = source.Files.Sum(f => f.Size),
        });
        var name = hub ? source.HubId! : Path.GetFileName(Path.TrimEndingDirectorySeparator(source.Path));
        var digest = source.Digest.Length > 16 ? source.Digest[..16] : source.Digest;
        yield return new MlflowDatasetInput(new MlflowDataset(name, digest, hub ? "hugging_face" : "local", sourceJson, null, Fit(profile)), InputContext);
    }

    /// <summary>MLflow keeps a dataset profile short; a many-file checkpoint keeps its list in base_model.json.</summary>
    private static string Fit(string profile) => profile.Length <= 5000 ? profile : "{\"files\": \"see base_model.json\"}";
}
