namespace MlOps.Core.Models.Hub;

/// <summary>
/// One file of a checkpoint: its path inside the folder ('/'-separated), its digest and size.
/// Digest: <c>sha256:&lt;hex&gt;</c>, or <c>git-sha1:&lt;hex&gt;</c> for small Hub files whose ETag is a git blob id.
/// </summary>
public sealed record HubFile(string Name, string Digest, long Size);

/// <summary>A resolved Hub checkpoint: the local snapshot folder that everything downstream reads.</summary>
public sealed record HubSnapshot(HubModelId Id, string Commit, string Folder, string CacheDirectory, IReadOnlyList<HubFile> Files);

/// <summary>Download progress of one file: bytes on disk so far (a resumed file starts above 0) out of its size.</summary>
public sealed record HubProgress(HubModelId Id, string File, long Bytes, long TotalBytes);

/// <summary>What a HEAD on <c>resolve/&lt;revision&gt;/&lt;file&gt;</c> tells: the commit, the content's etag and size, and where to GET it.</summary>
internal sealed record HubFileMetadata(string Commit, string Etag, long Size, Uri Location);
