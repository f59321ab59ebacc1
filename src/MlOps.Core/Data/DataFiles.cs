using System.Security.Cryptography;
using System.Text;
using MlOps.Contracts.IO;

namespace MlOps.Core.Data;

/// <summary>
/// A data location is one file, or a set of shards read as one table in name order: a '*' in
/// the file name part (<c>…/data/train-*.parquet</c>, what a Hub dataset split resolves to).
/// </summary>
internal static class DataFiles
{
    public static bool IsPattern(string path) => Path.GetFileName(path).Contains('*', StringComparison.Ordinal);

    /// <summary>The files a location stands for, in ordinal name order; empty when a pattern matches nothing.</summary>
    public static IReadOnlyList<string> Expand(string path)
    {
        if (!IsPattern(path))
        {
            return [path];
        }
        var folder = Path.GetDirectoryName(path)!;
        return Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, Path.GetFileName(path)).Order(StringComparer.Ordinal)]
            : [];
    }

    /// <summary>A file's SHA-256; for shards, the SHA-256 of "name sha256" lines, one per shard.</summary>
    public static string Sha256(string path)
    {
        if (!IsPattern(path))
        {
            return FileDigest.Sha256(path);
        }
        var lines = string.Concat(Expand(path).Select(f => $"{Path.GetFileName(f)} {FileDigest.Sha256(f)}\n"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lines)));
    }
}
