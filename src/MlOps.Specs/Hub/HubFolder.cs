using MlOps.Contracts.Results;

namespace MlOps.Specs.Hub;

/// <summary>The files of a checkpoint folder or cached snapshot, as the fingerprint and result.json list them.</summary>
public static class HubFolder
{
    /// <summary>Every file of a checkpoint folder with its digest, sorted; hidden entries (.git, .cache) are skipped.</summary>
    public static IReadOnlyList<HubFile> Files(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden })
            .Select(path => (Path: path, Name: Path.GetRelativePath(folder, path).Replace('\\', '/')))
            .Where(f => !f.Name.Split('/').Any(part => part.StartsWith('.')))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => new HubFile(f.Name, HubDigest.OfCachedFile(f.Path), SizeOf(f.Path)))];

    /// <summary>A snapshot entry's size is its blob's, not the symlink's.</summary>
    private static long SizeOf(string path)
    {
        var info = new FileInfo(path);
        return info.LinkTarget is null ? info.Length : (info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo)?.Length ?? 0;
    }
}
