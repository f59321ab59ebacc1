using MlOps.Specs.Fingerprint;
using MlOps.Specs.Hub;
using MlOps.Specs.Model;

namespace MlOps.Build.UpToDate;

/// <summary>
/// Every path whose change can change a spec's fingerprint: the spec, the files the fingerprint
/// hashes, and the folders whose listing it reads (a folder or Hub checkpoint, a tokenizer folder),
/// so that comparing timestamps of these paths tells whether the fingerprint may have moved.
/// Only timestamps are read later; nothing here hashes a file.
/// </summary>
internal static class SpecInputs
{
    public static IEnumerable<WatchedPath> Of(FineTuneSpec spec)
    {
        var files = SpecFingerprint.InputFiles(spec).Prepend(spec.SpecPath).Select(Path.GetFullPath).Distinct();
        var folders = ListedFolders(spec).Select(Path.GetFullPath).Distinct();
        return files.Select(f => File.Exists(f) ? new WatchedPath(f, WatchKind.File) : new WatchedPath(f, WatchKind.Absent))
            .Concat(folders.SelectMany(Tree));
    }

    /// <summary>Folders the fingerprint enumerates, or looks into for optional files.</summary>
    private static IEnumerable<string> ListedFolders(FineTuneSpec spec)
    {
        if (spec.Base.Checkpoint is { } checkpoint && Directory.Exists(checkpoint))
        {
            yield return checkpoint;
        }
        if (spec.Base.Hub is { } hub)
        {
            // The ref, the snapshots and the blobs of this model in the Hub cache: a download moves them.
            yield return new HubCache(HubOptions.FromEnvironment().CacheDirectory).RepoFolder(hub);
        }
        foreach (var (_, dataset) in HubDatasets.Of(spec.Data))
        {
            // The same for a Hub dataset: a download of a new revision moves its ref.
            yield return new HubCache(HubOptions.FromEnvironment().CacheDirectory).RepoFolder(dataset.Repo);
        }
        if (spec.Data.Tokenizer is { } tokenizer)
        {
            yield return Directory.Exists(tokenizer) ? tokenizer : Path.GetDirectoryName(Path.GetFullPath(tokenizer))!;
        }
    }

    /// <summary>A folder, its subfolders and their files (hidden ones skipped, as the fingerprint does); a missing folder must stay missing.</summary>
    private static IEnumerable<WatchedPath> Tree(string folder)
    {
        if (!Directory.Exists(folder))
        {
            yield return new WatchedPath(folder, WatchKind.Absent);
            yield break;
        }
        yield return new WatchedPath(folder, WatchKind.Folder);
        // No EnumerationOptions: the task assembly is also built for .NET Framework MSBuild.
        foreach (var file in Directory.EnumerateFiles(folder).Where(Visible))
        {
            yield return new WatchedPath(file, WatchKind.File);
        }
        foreach (var inner in Directory.EnumerateDirectories(folder).Where(Visible).SelectMany(Tree))
        {
            yield return inner;
        }
    }

    private static bool Visible(string path) =>
        !Path.GetFileName(path).StartsWith(".", StringComparison.Ordinal) && (File.GetAttributes(path) & FileAttributes.Hidden) == 0;
}
