using MlOps.Specs;

namespace MlOps.Core.Reporting;

/// <summary>Paths as a reader of the report looks them up: relative to the repository that holds them, with forward slashes.</summary>
public static class ReportPaths
{
    public static string FromRepository(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!Path.IsPathRooted(path))
        {
            return path.Replace('\\', '/');
        }
        var root = SpecLoader.FindRepositoryRoot(Path.GetDirectoryName(path) ?? ".");
        var relative = Path.GetRelativePath(root, path);
        return (relative.StartsWith("..", StringComparison.Ordinal) ? path : relative).Replace('\\', '/');
    }
}
