using System.Security.Cryptography;

namespace MlOps.Contracts.IO;

/// <summary>SHA-256 of files, streamed (data sets can be large).</summary>
public static class FileDigest
{
    public static string Sha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
