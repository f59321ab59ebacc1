using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MlOps.Core.Models.Hub;
using MlOps.Core.Specs.Model;

namespace MlOps.Core.Pipeline;

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

    /// <summary>The base checkpoint's source, read from disk (and the Hub cache) only: never the network.</summary>
    public static BaseCheckpointSource? Of(BaseModelSpec spec, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Hub is { } id)
        {
            var resolved = spec.Checkpoint is { } c && Directory.Exists(c) ? c : null;
            var folder = resolved ?? new HubCache(HubOptions.FromEnvironment(environment).CacheDirectory).FindSnapshot(id);
            var files = folder is null ? [] : HubSnapshotResolver.FolderFiles(folder);
            return new BaseCheckpointSource
            {
                Kind = CheckpointSourceKind.Hub,
                Path = folder ?? id.ToString(),
                HubId = id.RepoId,
                Revision = id.Revision,
                Commit = folder is null ? null : System.IO.Path.GetFileName(folder),
                // <cache>/models--org--name/snapshots/<commit>
                CacheDirectory = folder is null ? HubOptions.FromEnvironment(environment).CacheDirectory : System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, "..", "..", "..")),
                Files = files,
                Digest = folder is null ? "not-cached" : DigestOf(files),
            };
        }
        if (spec.Checkpoint is not { } path)
        {
            return null;
        }
        if (Directory.Exists(path))
        {
            var files = HubSnapshotResolver.FolderFiles(path);
            return new BaseCheckpointSource { Kind = CheckpointSourceKind.Folder, Path = path, Files = files, Digest = DigestOf(files) };
        }
        var sha = File.Exists(path) ? FileDigest.Sha256(path) : "missing";
        return new BaseCheckpointSource
        {
            Kind = CheckpointSourceKind.File,
            Path = path,
            Files = [new HubFile(System.IO.Path.GetFileName(path), "sha256:" + sha, File.Exists(path) ? new FileInfo(path).Length : 0)],
            Digest = sha,
        };
    }

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

    private static string DigestOf(IEnumerable<HubFile> files) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(files.Select(f => $"{f.Name} {f.Digest}\n")))));
}
