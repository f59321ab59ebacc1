using MlOps.Contracts.Results;

namespace MlOps.Specs.Hub;

/// <summary>A resolved Hub checkpoint: the local snapshot folder that everything downstream reads.</summary>
public sealed record HubSnapshot(HubModelId Id, string Commit, string Folder, string CacheDirectory, IReadOnlyList<HubFile> Files);

/// <summary>Download progress of one file: bytes on disk so far (a resumed file starts above 0) out of its size.</summary>
public sealed record HubProgress(HubModelId Id, string File, long Bytes, long TotalBytes);
