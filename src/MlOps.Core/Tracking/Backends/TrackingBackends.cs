namespace MlOps.Core.Tracking.Backends;

/// <summary>
/// Every tracking backend, in the order they may claim a tracking URI (docs/extending.md). A test
/// checks that every <see cref="TrackingKind"/> has exactly one.
/// </summary>
public static class TrackingBackends
{
    public static readonly IReadOnlyList<TrackingBackend> All =
    [
        new RestTrackingBackend(),
        new DatabricksTrackingBackend(),
        new AzureMlTrackingBackend(),
        new FileStoreTrackingBackend(),
    ];

    public static TrackingBackend Of(TrackingKind kind) =>
        All.FirstOrDefault(b => b.Kind == kind) ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "no backend is registered in TrackingBackends.All");
}
