using System.Text;
using MlOps.Mlflow.Tests.Hosted;
using MlOps.Reliability.Tests.Infrastructure;

namespace MlOps.Reliability.Tests.Security;

/// <summary>
/// A whole `mlops run` against a Databricks workspace (127.0.0.1 stand-in) that registers into Unity Catalog:
/// the workspace token reaches the Authorization header of workspace calls and nothing else (no console
/// line, no file in the repository, no request URL, header or body, no storage request).
/// </summary>
public sealed class HostedSecretLeakTests : IDisposable
{
    private static readonly string[] Variables = ["DATABRICKS_HOST", "DATABRICKS_TOKEN", "GITHUB_REF_NAME", "MLFLOW_HTTP_REQUEST_MAX_RETRIES"];
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
    public void A_Databricks_run_registers_in_Unity_Catalog_and_its_token_reaches_only_the_authorization_header()
    {
        using var standIn = new DatabricksStandIn();
        Environment.SetEnvironmentVariable("DATABRICKS_HOST", standIn.Uri.AbsoluteUri);
        Environment.SetEnvironmentVariable("DATABRICKS_TOKEN", DatabricksStandIn.Pat);
        Environment.SetEnvironmentVariable("GITHUB_REF_NAME", "main");
        Environment.SetEnvironmentVariable("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0");
        repo.Write("data/tiny.csv", TinySpec.Csv());
        var spec = repo.Write("specs/tiny.yaml", """
            name: tiny
            seed: 7
            base: { model: mlp, checkpoint: none, hidden: [8] }
            data: { train: ../data/tiny.csv, label: "label", split: { validation: 0.25 } }
            training: { epochs: 3, batch_size: 8, optimizer: { lr: 0.01 }, threads: 1 }
            gates:
              - { metric: accuracy, min: 0.1 }
            tracking: { uri: databricks, experiment: /Shared/reliability, register_as: main.ml.tiny, promote_alias: champion }
            """);

        var result = Mlops.Run(spec, Path.Combine(repo.Root, "out"));

        Assert.True(result.Exit == 0, result.All);
        Assert.Equal("READY", standIn.UnityCatalog.Versions["main.ml.tiny/1"]);
        Assert.Equal("1", standIn.UnityCatalog.Aliases["main.ml.tiny@champion"]);
        Assert.Contains("/Models/main/ml/tiny/1/MLmodel", standIn.UnityCatalog.Files.Keys);
        Assert.Contains(standIn.Requests, r => r == "POST /api/2.0/mlflow/runs/create [Bearer]");
        Assert.DoesNotContain(standIn.Requests, r => (r.StartsWith("PUT /", StringComparison.Ordinal) || r.StartsWith("GET /storage/", StringComparison.Ordinal)) && !r.EndsWith("[]", StringComparison.Ordinal));
        Assert.DoesNotContain(DatabricksStandIn.Pat, result.All, StringComparison.Ordinal);
        foreach (var file in Directory.GetFiles(repo.Root, "*", SearchOption.AllDirectories))
        {
            Assert.False(Encoding.Latin1.GetString(File.ReadAllBytes(file)).Contains(DatabricksStandIn.Pat, StringComparison.Ordinal), $"the token is in {file}");
        }
        Assert.NotEmpty(standIn.Received);
        Assert.All(standIn.Received, r => Assert.DoesNotContain(DatabricksStandIn.Pat, r, StringComparison.Ordinal));
    }
}
