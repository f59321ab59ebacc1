namespace Polyfills;

/// <summary>.NET Core's Path.GetFullPath(path, basePath) for .NET Framework.</summary>
internal static class PathFullPath
{
    extension(Path)
    {
        /// <summary>
        /// Relative paths resolve against <paramref name="basePath"/>, rooted ones stay as written. Differs
        /// from .NET only for Windows drive-relative forms (<c>\x</c>, <c>C:x</c>), which resolve against
        /// the current drive/folder instead of <paramref name="basePath"/>'s.
        /// </summary>
        public static string GetFullPath(string path, string basePath) =>
            Path.GetFullPath(Path.Combine(basePath, path));
    }
}
