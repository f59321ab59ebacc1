using System.Security.Cryptography;
using System.Text;

namespace MlOps.Specs.Hub;

/// <summary>
/// The Hub's content hashes: LFS files carry their sha256 (X-Linked-Etag); small files their git
/// blob id, sha1 of "blob &lt;size&gt;\0" + content (ETag).
/// </summary>
public static class HubDigest
{
    /// <summary>The digest label for an etag: sha256:…, git-sha1:…, or etag:… when it is neither.</summary>
    public static string Label(string etag) => etag.Length switch
    {
        64 when IsHex(etag) => "sha256:" + etag,
        40 when IsHex(etag) => "git-sha1:" + etag,
        _ => "etag:" + etag,
    };

    /// <summary>Null when the file matches the etag and size; otherwise what was found instead.</summary>
    public static string? Mismatch(string path, string etag, long size)
    {
        var length = new FileInfo(path).Length;
        if (size >= 0 && length != size)
        {
            return $"{length} bytes instead of {size}";
        }
        var actual = etag.Length switch
        {
            64 when IsHex(etag) => Sha256(path),
            40 when IsHex(etag) => GitBlobSha1(path),
            _ => null, // not a content hash: the size check is all there is
        };
        return actual is null || actual.Equals(etag, StringComparison.OrdinalIgnoreCase) ? null : $"hash {actual} instead of {etag}";
    }

    public static string Sha256(string path)
    {
        using var stream = OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static string GitBlobSha1(string path)
    {
        using var stream = OpenRead(path);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        hash.AppendData(Encoding.ASCII.GetBytes($"blob {stream.Length}\0"));
        var buffer = new byte[1 << 16];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// A file's digest without reading it when the cache already names it: a snapshot symlink points
    /// at blobs/&lt;etag&gt;, and a blob is only ever moved into place after it was verified.
    /// </summary>
    public static string OfCachedFile(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is { } link && Path.GetFileName(Path.GetDirectoryName(link)) == "blobs")
        {
            return Label(Path.GetFileName(link));
        }
        return "sha256:" + Sha256(path);
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);

    private static bool IsHex(string text) => text.All(char.IsAsciiHexDigit);
}
