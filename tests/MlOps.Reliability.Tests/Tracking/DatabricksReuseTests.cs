using MlOps.Contracts.Results;
using MlOps.Mlflow.Tests.Hosted;
using MlOps.Reliability.Tests.Infrastructure;

namespace MlOps.Reliability.Tests.Tracking;

/// <summary>
/// --reuse against a Databricks workspace (127.0.0.1 stand-in): the finished run is found by its fingerprint
/// and its artifacts come back through artifacts/list and credentials-for-read, byte for byte, without training
/// again and without the workspace token reaching storage.
/// </summary>
public sealed class DatabricksReuseTests : IDisposable
{
    private static readonly string[] Variables = ["DATABRICKS_HOST", "DATABRICKS_TOKEN", "MLFLOW_HTTP_REQUEST_MAX_RETRIES"];
    private readonly SampleRepo repo = new();

    public void Dispose()
    {
        foreach (var variable in Variables)
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
        repo.Dispose();
    }

    [Fact]
    public void A_finished_Databricks_run_is_reused_from_its_signed_storage_urls()
    {
        using var standIn = new DatabricksStandIn();
        Environment.SetEnvironmentVariable("DATABRICKS_HOST", standIn.Uri.AbsoluteUri);
        Environment.SetEnvironmentVariable("DATABRICKS_TOKEN", DatabricksStandIn.Pat);
        Environment.SetEnvironmentVariable("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0");
        var spec = TinySpec.Write(repo);
        var first = Mlops.Run(spec, Path.Combine(repo.Root, "out-first"), "--reuse", "--tracking-uri", "databricks");
        Assert.True(first.Exit == 0, first.All);
        var original = RunResultFile.Read(Path.Combine(repo.Root, "out-first", "result.json"));

        var secondOutput = Path.Combine(repo.Root, "out-second");
        var second = Mlops.Run(spec, secondOutput, "--reuse", "--tracking-uri", "databricks");

        Assert.True(second.Exit == 0, second.All);
        Assert.Contains("reused run " + original.Tracking!.RunId, second.All, StringComparison.Ordinal);
        Assert.Equal(1, standIn.State.RunsCreated);
        var reused = RunResultFile.Read(Path.Combine(secondOutput, "result.json"));
        Assert.Equal(File.ReadAllBytes(original.Outputs.Model), File.ReadAllBytes(reused.Outputs.Model));
        Assert.Contains(standIn.Requests, r => r == "POST /api/2.0/mlflow/artifacts/credentials-for-read [Bearer]");
        Assert.Contains(standIn.Requests, r => r == "GET /storage/result.json []");
        Assert.DoesNotContain(standIn.Requests, r => r.StartsWith("GET /storage/", StringComparison.Ordinal) && !r.EndsWith("[]", StringComparison.Ordinal));
        Assert.DoesNotContain(DatabricksStandIn.Pat, first.All + second.All, StringComparison.Ordinal);
    }
}
