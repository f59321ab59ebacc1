using System.Text;

namespace MlOps.Build.Results;

/// <summary>Writes text only when it differs, so timestamps change only when content does.</summary>
internal static class FileWriter
{
    /// <returns>True when the file was (re)written.</returns>
    public static bool WriteIfDifferent(string path, string content)
    {
        if (File.Exists(path) && File.ReadAllText(path, Encoding.UTF8) == content)
        {
            return false;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return true;
    }
}
