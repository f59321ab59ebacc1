using System.Text.Json;

namespace MlOps.Contracts.Results;

/// <summary>
/// Where the base weights came from and what exactly they were: a file, a Hugging Face-layout
/// folder, or a Hub snapshot (id, revision, commit, cache) with each file's digest. Goes into the
/// fingerprint, result.json (<c>model.base_source</c>), MLflow and base_model.json.
/// </summary>
public sealed record BaseCheckpointSource
{
    public const string FileName = "base_model.json";

    public required CheckpointSourceKind Kind { get; init; }
    /// <summary>The local file or folder read; for a Hub model not yet cached, its hf:// id.</summary>
    public required string Path { get; init; }
    public string? HubId { get; init; }
    public string? Revision { get; init; }
    /// <summary>The commit the revision resolved to; null when the Hub model is not cached yet.</summary>
    public string? Commit { get; init; }
    public string? CacheDirectory { get; init; }
    public IReadOnlyList<HubFile> Files { get; init; } = [];

    /// <summary>sha256 of the file, or of the folder's "name digest" lines: one value for the whole checkpoint.</summary>
    public required string Digest { get; init; }

    /// <summary>What the fingerprint adds for a folder or Hub checkpoint (a plain file is an input file already).</summary>
    public IEnumerable<string> FingerprintLines()
    {
        if (Kind == CheckpointSourceKind.File)
        {
            yield break;
        }
        yield return Kind == CheckpointSourceKind.Hub ? $"checkpoint hf://{HubId}@{Revision} commit {Commit ?? "not-cached"}" : "checkpoint folder";
        foreach (var file in Files)
        {
            yield return $"{file.Name} {file.Digest}";
        }
    }

    /// <summary>base_model.json in the run's output folder (an MLflow artifact like every file there).</summary>
    public void Write(string outputDirectory)
    {
        Directory.CreateDirectory(outputDirectory);
        File.WriteAllText(System.IO.Path.Combine(outputDirectory, FileName), JsonSerializer.Serialize(this, RunResultJson.Options));
    }
}
