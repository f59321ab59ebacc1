namespace MlOps.Core.Pipeline;

/// <summary>A folder's files copied under another folder, subfolders included (nested runs brought into a staging folder).</summary>
internal static class FolderCopy
{
    public static void Recursive(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
