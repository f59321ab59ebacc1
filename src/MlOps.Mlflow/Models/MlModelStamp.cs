namespace MlOps.Mlflow.Models;

/// <summary>
/// An MLmodel file as MLflow 3 writes it for a logged model: <c>artifact_path</c> the model's artifact
/// location, <c>model_uuid</c> and <c>model_id</c> its id, <c>run_id</c> the source run. Edits the top-level
/// keys of a file this library wrote (sorted, one block per key), leaving the rest byte for byte.
/// </summary>
internal static class MlModelStamp
{
    public static string ForLoggedModel(string yaml, MlflowLoggedModel model)
    {
        var blocks = new SortedDictionary<string, string>(StringComparer.Ordinal);
        string? key = null;
        foreach (var line in yaml.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }
            if (line[0] is not (' ' or '-'))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    throw new FormatException($"not an MLmodel top-level line: '{line}'");
                }
                key = line[..colon];
                blocks[key] = "";
            }
            if (key is null)
            {
                throw new FormatException("an MLmodel file starts with a key");
            }
            blocks[key] += line + "\n";
        }
        blocks["artifact_path"] = Line("artifact_path", model.ArtifactUri);
        blocks["model_uuid"] = Line("model_uuid", model.ModelId);
        blocks["model_id"] = Line("model_id", model.ModelId);
        if (model.SourceRunId is not null)
        {
            blocks["run_id"] = Line("run_id", model.SourceRunId);
        }
        return string.Concat(blocks.Values);
    }

    private static string Line(string key, string value) => $"{key}: {PyYamlWriter.Scalar(value, 2, key.Length + 2)}\n";
}
