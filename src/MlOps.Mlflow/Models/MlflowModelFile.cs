using System.Globalization;
using System.Text;

namespace MlOps.Mlflow.Models;

/// <summary>
/// An MLflow Model's <c>MLmodel</c> file, with the keys MLflow 3.6's <c>Model.to_dict</c> writes
/// (checked against <c>mlflow/models/model.py</c> and loaded by its <c>Model.load</c>): artifact_path,
/// flavors, model_id, model_uuid, mlflow_version, prompts, run_id, saved_input_example_info, signature
/// (with is_signature_from_type_hint and type_hint_from_example), utc_time_created, and metadata /
/// model_size_bytes when set. Written as PyYAML's safe_dump writes it.
/// </summary>
public sealed record MlflowModelFile
{
    /// <summary>The file's name in a model folder.</summary>
    public const string FileName = "MLmodel";

    /// <summary>
    /// The MLflow release whose model format this writer follows: the default
    /// <see cref="MlflowVersion"/>. Checked by loading the files with MLflow 3.6.1.dev0, built from source.
    /// </summary>
    public const string TargetFormatVersion = "3.6.0";

    /// <summary>MLflow 2: the folder under the run's artifacts ("model"); MLflow 3 logged models: the model's artifact location. Omitted when null.</summary>
    public string? ArtifactPath { get; init; }

    /// <summary>Flavor name → its configuration (values: string, bool, int, long, double, null, nested dictionaries and lists).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>> Flavors { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, object?>>();

    /// <summary>32 hex digits (MLflow 3 logged models use the model id).</summary>
    public string ModelUuid { get; init; } = Guid.NewGuid().ToString("N");

    /// <summary>The MLflow 3 logged model (<c>m-…</c>); written as null when there is none, as MLflow does.</summary>
    public string? ModelId { get; init; }

    /// <summary>The run that logged the model; omitted when null.</summary>
    public string? RunId { get; init; }

    /// <summary>When the model was saved (UTC).</summary>
    public DateTime UtcTimeCreated { get; init; } = DateTime.UtcNow;

    /// <summary>The format version (see <see cref="TargetFormatVersion"/>).</summary>
    public string MlflowVersion { get; init; } = TargetFormatVersion;

    /// <summary>Inputs and outputs; omitted when null.</summary>
    public MlflowModelSignature? Signature { get; init; }

    /// <summary>An example input saved beside the file; omitted when null.</summary>
    public MlflowInputExample? InputExample { get; init; }

    /// <summary>Total size of the model's files, as MLflow's flavors record it; omitted when null.</summary>
    public long? ModelSizeBytes { get; init; }

    /// <summary>Free-form metadata (MLflow's <c>metadata</c>); omitted when null.</summary>
    public IReadOnlyDictionary<string, object?>? Metadata { get; init; }

    /// <summary>The MLmodel text, byte for byte as MLflow 3.6 writes it for printable-ASCII values.</summary>
    public string ToYaml()
    {
        var document = new Dictionary<string, object?>
        {
            ["flavors"] = Flavors.ToDictionary(f => f.Key, f => (object?)f.Value),
            ["model_uuid"] = ModelUuid,
            ["model_id"] = ModelId,
            ["mlflow_version"] = MlflowVersion,
            ["prompts"] = null,
            ["utc_time_created"] = PythonDateTime(UtcTimeCreated),
        };
        if (ArtifactPath is not null)
        {
            document["artifact_path"] = ArtifactPath;
        }
        if (RunId is not null)
        {
            document["run_id"] = RunId;
        }
        if (Signature is not null)
        {
            document["signature"] = new Dictionary<string, object?>
            {
                ["inputs"] = Signature.InputsJson,
                ["outputs"] = Signature.OutputsJson,
                ["params"] = null,
            };
            document["is_signature_from_type_hint"] = false;
            document["type_hint_from_example"] = false;
        }
        if (InputExample is not null)
        {
            document["saved_input_example_info"] = InputExample.Info;
        }
        if (ModelSizeBytes is { } size)
        {
            document["model_size_bytes"] = size;
        }
        if (Metadata is not null)
        {
            document["metadata"] = Metadata;
        }
        return PyYamlWriter.Write(document);
    }

    /// <summary>Writes <c>MLmodel</c> (and the input example's files) into <paramref name="folder"/>, each file whole or not at all.</summary>
    /// <param name="folder">The model folder; created when missing.</param>
    /// <returns>The MLmodel file's path.</returns>
    public string Save(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Directory.CreateDirectory(folder);
        InputExample?.Save(folder);
        var path = Path.Combine(folder, FileName);
        WriteWhole(path, ToYaml());
        return path;
    }

    /// <summary>str(datetime): <c>YYYY-MM-DD HH:MM:SS[.ffffff]</c> (microseconds only when not zero).</summary>
    internal static string PythonDateTime(DateTime utc)
    {
        var micro = (utc.Ticks % TimeSpan.TicksPerSecond) / 10;
        var seconds = utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        return micro == 0 ? seconds : seconds + "." + micro.ToString("000000", CultureInfo.InvariantCulture);
    }

    internal static void WriteWhole(string path, string text)
    {
        var temp = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        File.WriteAllText(temp, text, new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }
}
