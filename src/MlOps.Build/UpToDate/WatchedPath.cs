namespace MlOps.Build.UpToDate;

/// <summary>How the next build's cheap check looks at a path (the <c>Watch</c> metadata MlOps.Build.UpToDate.targets reads).</summary>
internal enum WatchKind
{
    /// <summary>A file: it must still exist and be no newer than the check that read it.</summary>
    File,

    /// <summary>A folder: a file added, removed or renamed in it moves its timestamp.</summary>
    Folder,

    /// <summary>A path the fingerprint found missing: it must still be missing.</summary>
    Absent,
}

/// <summary>One path the fingerprint of a spec depends on.</summary>
internal sealed record WatchedPath(string Path, WatchKind Kind);
