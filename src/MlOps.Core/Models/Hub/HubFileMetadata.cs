namespace MlOps.Core.Models.Hub;

/// <summary>What a HEAD on <c>resolve/&lt;revision&gt;/&lt;file&gt;</c> tells: the commit, the content's etag and size, and where to GET it.</summary>
internal sealed record HubFileMetadata(string Commit, string Etag, long Size, Uri Location);

/// <summary>What the Hub's revision API tells: the commit and every file of the repository there.</summary>
internal sealed record HubRepoListing(string Commit, IReadOnlyList<string> Files);
