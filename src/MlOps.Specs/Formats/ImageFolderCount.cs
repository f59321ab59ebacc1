using MlOps.Specs.Checks;

namespace MlOps.Specs.Formats;

/// <summary>Cheap row counts of image data for the plausibility warnings.</summary>
public static class ImageFolderCount
{
    /// <summary>Files one level down (one subfolder per class); null when the path is not a folder.</summary>
    internal static long? Images(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateDirectories(folder).Sum(d => (long)Directory.EnumerateFiles(d).Count()) : null;

    /// <summary>A manifest's data rows: JSON Lines count every line, CSV all but the header.</summary>
    internal static long? ManifestRows(string path) =>
        IsJsonLines(path) ? TrainingRowCounter.Lines(path) : Math.Max(0, TrainingRowCounter.Lines(path) - 1);

    /// <summary>A manifest ending in .jsonl, .ndjson or .json is JSON Lines; any other is CSV.</summary>
    public static bool IsJsonLines(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".jsonl" or ".ndjson" or ".json";
}
