namespace MlOps.Contracts.Results;

/// <summary>
/// One file of a checkpoint: its path inside the folder ('/'-separated), its digest and size.
/// Digest: <c>sha256:&lt;hex&gt;</c>, or <c>git-sha1:&lt;hex&gt;</c> for small Hub files whose ETag is a git blob id.
/// </summary>
public sealed record HubFile(string Name, string Digest, long Size);
