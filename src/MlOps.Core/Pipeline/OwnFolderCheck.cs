using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Model;

namespace MlOps.Core.Pipeline;

/// <summary>
/// A completed run replaces its output folder whole (<see cref="OutputStaging"/>), so the folder must
/// be one of its own: not the current directory, the repository or the spec's folder, nor one above them.
/// </summary>
internal static class OwnFolderCheck
{
    public static Diagnostic? Problem(string folder, FineTuneSpec spec)
    {
        var where = SourceLocation.None(spec.SpecPath);
        if (Path.GetDirectoryName(folder) is null)
        {
            return Diagnostic.Error(OutputErrorCodes.NotOwnFolder, $"--output '{folder}' is a root folder: choose a folder of its own, e.g. out/{spec.Name}", where);
        }
        var held = new[]
        {
            ("the current directory", Directory.GetCurrentDirectory()),
            ("the repository", RunTracking.RepositoryRoot(spec)),
            ("the spec", Path.GetFullPath(spec.SpecPath)),
        };
        foreach (var (what, path) in held)
        {
            if (Contains(folder, path))
            {
                return Diagnostic.Error(OutputErrorCodes.NotOwnFolder,
                    $"--output '{folder}' holds {what}: a run replaces its output folder when it completes, so it needs a folder of its own, e.g. out/{spec.Name}",
                    where);
            }
        }
        return null;
    }

    private static bool Contains(string folder, string path)
    {
        var relative = Path.GetRelativePath(folder, Path.GetFullPath(path));
        return relative == "." || (!Path.IsPathRooted(relative) && relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal));
    }
}
