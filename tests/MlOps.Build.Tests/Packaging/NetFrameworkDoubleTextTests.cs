using System.Globalization;
using System.Runtime.Loader;
using MlOps.Build.Tests.EndToEnd;

namespace MlOps.Build.Tests.Packaging;

/// <summary>
/// The netstandard2.0 build of DoubleText (what Visual Studio's MSBuild runs) writes the same
/// shortest text as .NET's "R", so fingerprints and metric texts agree between the two hosts.
/// Its .NET Framework branch runs here on .NET, loaded from the build the packed feed made.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed class NetFrameworkDoubleTextTests(PackedFeed feed)
{
    [Fact]
    public void The_netstandard_build_writes_doubles_as_their_shortest_round_trip_text()
    {
        Assert.NotNull(feed);
        var context = new AssemblyLoadContext("netstandard2.0 contracts", isCollectible: true);
        try
        {
            var contracts = context.LoadFromAssemblyPath(Path.Combine(PackedFeed.RepoRoot, "src", "MlOps.Contracts", "bin", PackedFeed.Configuration, "netstandard2.0", "MlOps.Contracts.dll"));
            var format = contracts.GetType("MlOps.Contracts.IO.DoubleText", throwOnError: true)!.GetMethod("Format")!.CreateDelegate<Func<double, string>>();
            var random = new Random(7);
            double[] values =
            [
                0.1, 0.2, 0.1 + 0.2, 1.0e-4, 3.0e-4, 1e-5, 0.9, 1.0 / 3, 2.0 / 3, 42, -0.5, 1e14, 123456.789,
                .. Enumerable.Range(0, 20_000).Select(_ => Math.Pow(10, random.Next(-12, 12)) * random.NextDouble()),
            ];

            Assert.All(values, value => Assert.Equal(value.ToString("R", CultureInfo.InvariantCulture), format(value)));
        }
        finally
        {
            context.Unload();
        }
    }
}
