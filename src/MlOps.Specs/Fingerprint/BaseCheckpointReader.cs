using System.Security.Cryptography;
using System.Text;
using MlOps.Contracts.IO;
using MlOps.Contracts.Results;
using MlOps.Specs.Hub;
using MlOps.Specs.Model;

namespace MlOps.Specs.Fingerprint;

/// <summary>Reads a spec's base checkpoint source from disk and the Hub cache (never the network).</summary>
public static class BaseCheckpointReader
{
    /// <summary>The base checkpoint's source, read from disk (and the Hub cache) only: never the network.</summary>
    public static BaseCheckpointSource? Read(BaseModelSpec spec, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Hub is { } id)
        {
            var resolved = spec.Checkpoint is { } c && Directory.Exists(c) ? c : null;
            var folder = resolved ?? new HubCache(HubOptions.FromEnvironment(environment).CacheDirectory).FindSnapshot(id);
            var files = folder is null ? [] : HubFolder.Files(folder);
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
            var files = HubFolder.Files(path);
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

    private static string DigestOf(IEnumerable<HubFile> files) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(files.Select(f => $"{f.Name} {f.Digest}\n")))));
}
