using System.CommandLine;
using System.Text.Json.Nodes;
using MlOps.Tests.Shared;

namespace MlOps.Cli.Tests.Commands;

/// <summary>`mlops run` on the credit sample with a LoRA adapter: gates, forgetting, baseline and the adapter files.</summary>
[Collection(TrainingCollection.Name)]
public sealed class AdapterRunTests : IDisposable
{
    private readonly string output = Path.Combine(Path.GetTempPath(), "mlops-cli-lora-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void The_credit_lora_sample_runs_end_to_end_and_reports_its_trainable_share()
    {
        var spec = Path.Combine(SourceTree.Root, "samples", "credit", "experiments", "lora.yaml");
        using var console = new StringWriter();
        var exit = Program.BuildRoot()
            .Parse(["run", spec, "--output", Path.Combine(output, "out"), "--tracking-uri", new Uri(Path.Combine(output, "mlruns")).AbsoluteUri])
            .Invoke(new InvocationConfiguration { Output = console, Error = console });

        Assert.True(exit == 0, console.ToString());
        Assert.Contains("parameters trained", console.ToString(), StringComparison.Ordinal); // the run summary
        var result = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "out", "result.json")))!;
        var model = result["model"]!;
        var total = (long)model["parameters"]!;
        var trainable = (long)model["trainable_parameters"]!;
        // 55 features (sensitive columns excluded) → 64 → 32 → 2; LoRA r=4 on both hidden layers, plus the head.
        Assert.Equal((4 * 55) + (64 * 4) + (4 * 64) + (32 * 4) + (2 * 32) + 2, trainable);
        Assert.Equal((55 * 64) + 64 + (64 * 32) + 32 + trainable, total);
        Assert.Equal(trainable / (double)total, (double)model["trainable_share"]!, 9);
        Assert.Equal("fp32", (string?)result["precision"]);
        Assert.Equal(["backbone.fc1", "backbone.fc2"], result["adapter"]!["modules"]!.AsArray().Select(n => (string?)n));
        var gates = result["gates"]!.AsArray();
        Assert.Equal(3, gates.Count);
        Assert.Contains(gates, g => ((string?)g!["name"])!.Contains("forgetting", StringComparison.Ordinal));
        Assert.True(result["baseline"]!["validation"]!["accuracy"] is not null);
        Assert.True(File.Exists(Path.Combine(output, "out", "adapter", "adapter_model.safetensors")));
        Assert.True(File.Exists(Path.Combine(output, "out", "adapter", "adapter_config.json")));
        Assert.Contains("parameters trained", File.ReadAllText(Path.Combine(output, "out", "report.md")), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
