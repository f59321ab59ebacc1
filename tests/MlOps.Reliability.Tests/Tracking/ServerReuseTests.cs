using MlOps.Contracts.Results;
using MlOps.Mlflow.Tests.Fakes;
using MlOps.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MlOps.Reliability.Tests.Tracking;

/// <summary>--reuse against an MLflow server (or a file store): the finished run is found by its fingerprint tag and downloaded, never trained again.</summary>
public sealed class ServerReuseTests(ITestOutputHelper log) : IDisposable
{
    private readonly SampleRepo repo = new();

    public void Dispose() => repo.Dispose();

    [Fact]
    public void A_result_json_uploaded_without_its_tracking_block_is_reused_with_one()
    {
        using var server = new FakeMlflowServer();
        var spec = TinySpec.Write(repo);
        var first = Mlops.Run(spec, Path.Combine(repo.Root, "out-first"), "--tracking-uri", server.Uri.AbsoluteUri);
        Assert.True(first.Exit == 0, first.All);
        var original = RunResultFile.Read(Path.Combine(repo.Root, "out-first", "result.json")).Tracking!;
        // As a run uploaded by an older tool left it: result.json without the tracking block.
        var key = Assert.Single(server.State.Artifacts.Keys, k => k.EndsWith("/artifacts/result.json", StringComparison.Ordinal));
        var json = System.Text.Json.Nodes.JsonNode.Parse(server.State.Artifacts[key])!.AsObject();
        json.Remove("tracking");
        server.State.Artifacts[key] = System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());

        var second = Mlops.Run(spec, Path.Combine(repo.Root, "out-second"), "--reuse", "--events", "jsonl", "--tracking-uri", server.Uri.AbsoluteUri);

        Assert.True(second.Exit == 0, second.All);
        var reused = RunResultFile.Read(Path.Combine(repo.Root, "out-second", "result.json")).Tracking!;
        Assert.Equal((original.RunId, original.ExperimentId, original.Uri), (reused.RunId, reused.ExperimentId, reused.Uri));
        Assert.Contains($"\"run_id\":\"{original.RunId}\"", second.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_reused_run_comes_from_the_store_into_a_complete_output_folder_of_its_own(bool overHttp)
    {
        using var server = new FakeMlflowServer();
        var spec = TinySpec.Write(repo);
        var uri = overHttp ? server.Uri.AbsoluteUri : new Uri(Path.Combine(repo.Root, "mlruns")).AbsoluteUri;
        var firstOutput = Path.Combine(repo.Root, "out-first");
        var first = Mlops.Run(spec, firstOutput, "--reuse", "--tracking-uri", uri);
        log.WriteLine(first.All);
        Assert.True(first.Exit == 0, first.All);
        var original = RunResultFile.Read(Path.Combine(firstOutput, "result.json"));

        var secondOutput = Path.Combine(repo.Root, "out-second");
        var second = Mlops.Run(spec, secondOutput, "--reuse", "--tracking-uri", uri);
        log.WriteLine(second.All);

        Assert.True(second.Exit == 0, second.All);
        Assert.Contains("reused run " + original.Tracking!.RunId, second.All, StringComparison.Ordinal);
        Assert.Equal(overHttp ? 1 : 0, server.State.RunsCreated);
        var reused = RunResultFile.Read(Path.Combine(secondOutput, "result.json"));
        Assert.Equal(original.Tracking, reused.Tracking);
        var outputs = reused.Outputs;
        Assert.Equal(Path.GetFullPath(secondOutput), outputs.Directory);
        string[] files = [outputs.Model, outputs.ResolvedSpec, outputs.History, outputs.Report!, outputs.Junit!, .. outputs.Plots];
        Assert.All(files, f => Assert.True(f.StartsWith(outputs.Directory, StringComparison.Ordinal) && File.Exists(f), f));
        Assert.Equal(File.ReadAllBytes(original.Outputs.Model), File.ReadAllBytes(outputs.Model));
    }
}
