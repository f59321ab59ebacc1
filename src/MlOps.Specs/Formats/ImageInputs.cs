using MlOps.Specs.Model;

namespace MlOps.Specs.Formats;

/// <summary>The files behind an image data path, for the fingerprint and the build's up-to-date check.</summary>
internal static class ImageInputs
{
    /// <summary>
    /// A folder: every file under it (imagefolder). An images manifest: itself, then every file under
    /// its folder (the pictures it names live there, usually). Anything else: the path itself.
    /// </summary>
    public static IEnumerable<string> Expand(string path, DataFormat format)
    {
        if (Directory.Exists(path))
        {
            return Under(path);
        }
        if (format == DataFormat.Images && File.Exists(path) && Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
        {
            return [path, .. Under(folder).Where(f => !string.Equals(Path.GetFullPath(f), Path.GetFullPath(path), StringComparison.Ordinal))];
        }
        return [path];
    }

    private static IEnumerable<string> Under(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
}
