using MlOps.Reliability.Tests.Infrastructure;

namespace MlOps.Reliability.Tests.Tracking;

/// <summary>A local store that cannot be written (a file where ./mlruns should be) costs a warning, never the verdict.</summary>
public sealed class BrokenLocalStoreTests : IDisposable
{
    private readonly SampleRepo repo = new();

    public void Dispose() => repo.Dispose();

    [Fact]
    public void An_unwritable_mlruns_keeps_exit_0_and_the_result()
    {
        File.WriteAllText(Path.Combine(repo.Root, "mlruns"), "not a folder");
        var output = Path.Combine(repo.Root, "out");

        var result = Mlops.Run(TinySpec.Write(repo), output);

        Assert.True(result.Exit == 0, result.All);
        Assert.Contains("warning MLOPS7", result.All, StringComparison.Ordinal);
        Assert.Contains("\"verdict\": \"passed\"", File.ReadAllText(Path.Combine(output, "result.json")), StringComparison.Ordinal);
    }
}
