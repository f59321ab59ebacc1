using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Torch;
using YamlDotNet.RepresentationModel;

namespace MlOps.Core.Tests.Pipeline;

/// <summary>A real run writes README.md, a Hugging Face model card, into its folder and into MLflow.</summary>
[Collection(TorchCollection.Name)]
public sealed class ModelCardRunTests : IDisposable
{
    private readonly TempRepository repo = new();

    /// <summary>A base model trained on the original task (p, q), so forgetting can be measured against it.</summary>
    private string BaseModel()
    {
        var spec = repo.WriteSpec("base.yaml", $$"""
            name: base
            seed: 3
            base: { model: mlp, checkpoint: none, hidden: [8] }
            data:
              train: {{repo.WriteCsv("base.csv", 80, 5, ["p", "q"])}}
              label: label
              split: { validation: 0.25 }
            training: { epochs: 1, batch_size: 16, threads: 1 }
            """);
        var outcome = FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out/base") }, new RecordingObserver(), CancellationToken.None);
        return Path.GetRelativePath(repo.Root, outcome.Result!.Outputs.Model);
    }

    private RunOutcome Run(string gates) => FineTuneRun.Execute(new RunRequest
    {
        SpecPath = repo.WriteSpec("card.yaml", $$"""
            name: card
            seed: 3
            base: { model: mlp, checkpoint: {{BaseModel()}}, head: replace, hidden: [8] }
            data:
              train: {{repo.WriteCsv("train.csv", 80, 1, ["u", "v"])}}
              validation: {{repo.WriteCsv("val.csv", 40, 2, ["u", "v"])}}
              label: label
              sensitive: [group]
            training: { epochs: 2, batch_size: 16, threads: 1 }
            evaluation:
              metrics: [accuracy, macro_f1]
              forgetting: { data: {{repo.WriteCsv("original.csv", 40, 4, ["p", "q"])}}, metric: accuracy }
            gates:
            {{gates}}
            bias:
              - { attribute: group, metric: demographic_parity_difference, max: 1.0, min_group_size: 5 }
            """),
        OutputDirectory = repo.PathOf("out/card"),
    }, new RecordingObserver(), CancellationToken.None);

    [Fact]
    public void A_run_writes_a_model_card_with_hub_metadata_gates_fairness_and_forgetting_and_mlflow_keeps_it()
    {
        var outcome = Run("  - { metric: accuracy, min: 0.0 }\n  - { forgetting: accuracy, max_drop: 1.0 }");

        var result = RunResultFile.Read(outcome.ResultPath!);
        Assert.True(ExitCodes.Passed == outcome.ExitCode, string.Join("; ", result.Gates.Select(g => g.Name + ": " + g.Message)));
        Assert.Equal(repo.PathOf("out/card/README.md"), result.Outputs.ModelCard);
        var card = File.ReadAllText(result.Outputs.ModelCard!);
        var metadata = FrontMatter(card);
        Assert.Equal("other", Scalar(metadata, "license"));
        Assert.Equal(["train.csv"], Sequence(metadata, "datasets"));
        Assert.Equal(result.Metrics["validation"].Keys.Where(k => double.IsFinite(result.Metrics["validation"][k])).Order(StringComparer.Ordinal), Sequence(metadata, "metrics"));
        Assert.Contains("macro_f1", Sequence(metadata, "metrics"));
        Assert.Contains("tabular-classification", Sequence(metadata, "tags"));
        Assert.Contains("mlp", Sequence(metadata, "tags"));
        // model-index: the judged split's numbers, exactly as result.json has them.
        var entry = (YamlMappingNode)((YamlSequenceNode)metadata.Children[new YamlScalarNode("model-index")])[0];
        var run = (YamlMappingNode)((YamlSequenceNode)entry.Children[new YamlScalarNode("results")])[0];
        var accuracy = ((YamlSequenceNode)run.Children[new YamlScalarNode("metrics")]).Cast<YamlMappingNode>().Single(m => Scalar(m, "type") == "accuracy");
        Assert.Equal(result.Metrics["validation"]["accuracy"], double.Parse(Scalar(accuracy, "value"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("validation", Scalar((YamlMappingNode)run.Children[new YamlScalarNode("dataset")], "split"));

        foreach (var section in new[] { "# card", "## Intended use", "## Training data", "## Evaluation", "## Gates", "## Fairness", "## Forgetting", "## Limitations" })
        {
            Assert.Contains("\n" + section + "\n", card, StringComparison.Ordinal);
        }
        Assert.Contains("| ✅ | accuracy min 0 |", card, StringComparison.Ordinal);
        Assert.Contains("### group: demographic\\_parity\\_difference", card, StringComparison.Ordinal);
        Assert.Contains("On the original task: accuracy", card, StringComparison.Ordinal);
        Assert.Contains(result.Datasets.Single(d => d.Context == "training").Sha256, card, StringComparison.Ordinal);

        var tracking = result.Tracking!;
        var artifact = repo.PathOf(Path.Combine("mlruns", tracking.ExperimentId, tracking.RunId, "artifacts", "README.md"));
        Assert.Equal(card, File.ReadAllText(artifact));
    }

    [Fact]
    public void A_failed_gate_is_a_limitation_on_the_card()
    {
        var outcome = Run("  - { metric: accuracy, min: 1.01 }");

        Assert.Equal(ExitCodes.GateFailed, outcome.ExitCode);
        var card = File.ReadAllText(repo.PathOf("out/card/README.md"));
        Assert.Contains("failed-gates", Sequence(FrontMatter(card), "tags"));
        var limitations = card[card.IndexOf("## Limitations", StringComparison.Ordinal)..];
        Assert.Contains("Gate 'accuracy min 1.01' did not pass", limitations, StringComparison.Ordinal);
    }

    private static YamlMappingNode FrontMatter(string card)
    {
        Assert.StartsWith("---\n", card, StringComparison.Ordinal);
        var end = card.IndexOf("\n---\n", 4, StringComparison.Ordinal);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(card[4..end]));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;

    private static IEnumerable<string> Sequence(YamlMappingNode node, string key) =>
        ((YamlSequenceNode)node.Children[new YamlScalarNode(key)]).Cast<YamlScalarNode>().Select(s => s.Value!);

    public void Dispose() => repo.Dispose();
}
