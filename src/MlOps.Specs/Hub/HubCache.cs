namespace MlOps.Specs.Hub;

/// <summary>
/// The Hugging Face Hub cache layout, shared with Python's huggingface_hub:
/// <c>models--org--name/refs/&lt;revision&gt;</c> (a commit sha), <c>blobs/&lt;etag&gt;</c> (verified
/// content), <c>snapshots/&lt;commit&gt;/&lt;file&gt;</c> (relative symlinks to blobs, copies where
/// symlinks cannot be made).
/// </summary>
public sealed class HubCache(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string RepoFolder(HubModelId id) => Path.Combine(Root, id.CacheFolderName);

    public string RefFile(HubModelId id) => Path.Combine(RepoFolder(id), "refs", ToLocal(id.Revision));

    public string SnapshotFolder(HubModelId id, string commit) => Path.Combine(RepoFolder(id), "snapshots", commit);

    public string BlobFile(HubModelId id, string etag) => Path.Combine(RepoFolder(id), "blobs", etag);

    /// <summary>The commit the revision points to in the cache (no network), or null.</summary>
    public string? CachedCommit(HubModelId id)
    {
        if (id.RevisionIsCommit)
        {
            return Directory.Exists(SnapshotFolder(id, id.Revision)) ? id.Revision : null;
        }
        var file = RefFile(id);
        return File.Exists(file) && File.ReadAllText(file).Trim() is { } sha && HubModelId.IsCommitSha(sha) ? sha : null;
    }

    /// <summary>The cached snapshot folder for the revision, or null when there is none.</summary>
    public string? FindSnapshot(HubModelId id) =>
        CachedCommit(id) is { } commit && Directory.Exists(SnapshotFolder(id, commit)) ? SnapshotFolder(id, commit) : null;

    public void WriteRef(HubModelId id, string commit)
    {
        if (id.RevisionIsCommit)
        {
            return;
        }
        var file = RefFile(id);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temp = file + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temp, commit);
        File.Move(temp, file, overwrite: true);
    }

    /// <summary>Puts <paramref name="file"/> into the snapshot: a relative symlink to its blob, or a copy where links fail.</summary>
    public string Link(HubModelId id, string commit, string file, string etag)
    {
        var target = Path.Combine(SnapshotFolder(id, commit), ToLocal(file));
        var blob = BlobFile(id, etag);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        // Made beside the target and renamed over it: a concurrent run never sees a half-made entry.
        var temp = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            File.CreateSymbolicLink(temp, Path.GetRelativePath(Path.GetDirectoryName(target)!, blob));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // Windows without developer mode: huggingface_hub also falls back to plain files.
            File.Copy(blob, temp, overwrite: true);
        }
        File.Move(temp, target, overwrite: true);
        return target;
    }

    /// <summary>True when the snapshot already holds the file (linked to this blob, or a plain file as Python writes without symlinks).</summary>
    public bool HasInSnapshot(HubModelId id, string commit, string file, string etag)
    {
        var target = new FileInfo(Path.Combine(SnapshotFolder(id, commit), ToLocal(file)));
        return target.LinkTarget is { } link
            ? Path.GetFileName(link) == etag && File.Exists(BlobFile(id, etag))
            : target.Exists;
    }

    private static string ToLocal(string hubPath) => hubPath.Replace('/', Path.DirectorySeparatorChar);
}
