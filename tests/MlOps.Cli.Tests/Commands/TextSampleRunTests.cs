using System.CommandLine;
using System.Text.Json.Nodes;
using MlOps.Tests.Shared;

namespace MlOps.Cli.Tests.Commands;

/// <summary>
/// `mlops run` on the committed text sample, as the README describes it: the small BERT pretrained
/// by the sample's masked-LM spec (a Hugging Face folder) fine-tuned with LoRA beats its baseline.
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class TextSampleRunTests : IDisposable
{
    private readonly string output = Path.Combine(Path.GetTempPath(), "mlops-cli-text-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void The_text_sample_fine_tunes_its_pretrained_folder_with_lora_and_passes_its_gates()
    {
        var spec = Path.Combine(SourceTree.Root, "samples", "text", "specs", "finetune.yaml");
        using var console = new StringWriter();
        var exit = Program.BuildRoot()
            .Parse(["run", spec, "--output", Path.Combine(output, "out"), "--tracking-uri", new Uri(Path.Combine(output, "mlruns")).AbsoluteUri])
            .Invoke(new InvocationConfiguration { Output = console, Error = console });

        Assert.True(exit == 0, console.ToString());
        var result = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "out", "result.json")))!;
        Assert.Equal("bert", (string?)result["model"]!["architecture"]);
        Assert.Equal("folder", (string?)result["model"]!["base_source"]!["kind"]);
        Assert.True((double)result["model"]!["trainable_share"]! < 0.1);
        // Five balanced topics: chance is 0.2; the README's figure is 0.558 against a 0.500 linear probe.
        var accuracy = (double)result["metrics"]!["validation"]!["accuracy"]!;
        var baseline = (double)result["baseline"]!["validation"]!["accuracy"]!;
        Assert.True(accuracy >= baseline + 0.03, $"accuracy {accuracy}, baseline {baseline}");
        Assert.Equal(12, result["adapter"]!["modules"]!.AsArray().Count);
        Assert.Contains("cls.predictions", console.ToString(), StringComparison.Ordinal); // the MLM head, not used
    }

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
