namespace MlOps.Mlflow;

/// <summary>
/// Downloads that never leave a half-written file at the destination: the content streams into a temp file
/// beside it (same volume), which is renamed over the destination once complete and removed on failure.
/// </summary>
internal static class AtomicDownload
{
    private const int BufferSize = 81920;

    /// <summary>Creates the folder, lets <paramref name="writeTemp"/> fill the temp file, then renames it into place.</summary>
    public static async Task SaveAsync(string localFile, Func<string, Task> writeTemp)
    {
        var target = Path.GetFullPath(localFile);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.part");
        try
        {
            await writeTemp(temp).ConfigureAwait(false);
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Copies <paramref name="source"/> into <paramref name="temp"/>, replacing what an earlier attempt wrote.</summary>
    public static async Task CopyToFileAsync(Stream source, string temp, CancellationToken cancellationToken)
    {
        var target = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
        await using (target.ConfigureAwait(false))
        {
            await source.CopyToAsync(target, BufferSize, cancellationToken).ConfigureAwait(false);
        }
    }
}
