using MlOps.Core.Tracking;
using MlOps.Core.Tracking.Backends;

namespace MlOps.Core.Tests.Kinds;

/// <summary>A tracking backend is run-side only (the spec carries a URI): one per <see cref="TrackingKind"/>, and each claims what it opens.</summary>
public sealed class TrackingBackendRegistrationTests
{
    [Fact]
    public void Every_tracking_kind_has_one_backend()
    {
        Assert.Equal(Enum.GetValues<TrackingKind>(), TrackingBackends.All.Select(b => b.Kind).Order());
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", TrackingKind.Rest)]
    [InlineData("file:///tmp/mlruns", TrackingKind.FileStore)]
    [InlineData("mlruns", TrackingKind.FileStore)]
    public void The_backend_that_claims_a_URI_is_the_one_that_opens_it(string uri, TrackingKind kind)
    {
        var target = TrackingTarget.Select(uri, null, Path.GetTempPath());
        Assert.Equal(kind, target.Kind);
        Assert.Same(TrackingBackends.Of(kind), TrackingBackends.All.First(b => b.Claim(uri, Path.GetTempPath()) is not null));
    }
}
