namespace MlOps.Specs.Formats;

/// <summary>
/// Which files audio data is made of: the clips of an audiofolder (one subfolder per class, WAV or
/// FLAC) and the rows of an audio manifest (CSV, or JSON Lines when named .jsonl/.json). One answer
/// for the row counts, the fingerprint and the data loader.
/// </summary>
public static class AudioFiles
{
    public static readonly IReadOnlyList<string> Extensions = [".wav", ".wave", ".flac"];

    public static bool IsAudio(string path) => Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    public static bool IsJsonl(string manifest) => Path.GetExtension(manifest).ToLowerInvariant() is ".jsonl" or ".json";

    /// <summary>Class folders in ordinal order (hidden ones skipped).</summary>
    public static IReadOnlyList<string> ClassFolders(string folder) =>
        [.. Directory.EnumerateDirectories(folder).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal)];

    /// <summary>(class, file) for every clip under <paramref name="folder"/>'s class folders, in ordinal order.</summary>
    public static IReadOnlyList<(string Class, string File)> InClassFolders(string folder) =>
        [.. ClassFolders(folder).SelectMany(d => Clips(d).Select(f => (Path.GetFileName(d), f)))];

    /// <summary>The clips of one folder and its subfolders, in ordinal order.</summary>
    public static IReadOnlyList<string> Clips(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(IsAudio).Order(StringComparer.Ordinal)];

    /// <summary>The manifest's data rows: non-blank lines, less the header of a CSV.</summary>
    public static long? ManifestRows(string manifest)
    {
        var lines = File.ReadLines(manifest).LongCount(l => l.Trim().Length > 0);
        return IsJsonl(manifest) ? lines : Math.Max(0, lines - 1);
    }
}
