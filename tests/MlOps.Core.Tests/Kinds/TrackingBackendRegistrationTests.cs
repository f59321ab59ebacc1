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

    [Fact]
    public void Only_a_tracking_server_has_a_page_for_a_run()
    {
        var server = TrackingTarget.Select("http://127.0.0.1:5000/", null, Path.GetTempPath());
        var files = TrackingTarget.Select(null, null, Path.GetTempPath());
        Assert.Equal("http://127.0.0.1:5000/#/experiments/3/runs/abc", TrackingBackends.Of(server.Kind).RunPage(server, "3", "abc"));
        Assert.Null(TrackingBackends.Of(files.Kind).RunPage(files, "3", "abc"));
    }
}
