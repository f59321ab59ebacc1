using System.CommandLine;
using System.Text;
using MlOps.Core.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Cli.Tests.Commands;

/// <summary>`mlops run` on a text spec (data.text + a WordPiece vocab.txt), with a stand-in model.</summary>
[Collection(TrainingCollection.Name)]
public sealed class TextRunCommandTests : IDisposable
{
    private static readonly string[] Vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "cat", "dog", "bird", "soup", "bread", "rice", "##s", "."];
    private readonly string root = Path.Combine(Path.GetTempPath(), "mlops-cli-text-" + Guid.NewGuid().ToString("N"));

    public TextRunCommandTests()
    {
        Directory.CreateDirectory(Path.Combine(root, ".git"));
        Directory.CreateDirectory(Path.Combine(root, "tok"));
        File.WriteAllText(Path.Combine(root, "tok", "vocab.txt"), string.Join('\n', Vocabulary) + "\n");
        var random = new Random(5);
        var lines = new StringBuilder();
        for (var i = 0; i < 120; i++)
        {
            var animal = i % 2 == 0;
            string[] words = animal ? ["cat", "dogs", "bird"] : ["soup", "bread", "rice"];
            var text = string.Join(' ', Enumerable.Range(0, random.Next(1, 6)).Select(_ => words[random.Next(3)]));
            lines.AppendLine($$"""{"text": "{{text}}.", "label": "{{(animal ? "animal" : "food")}}"}""");
        }
        File.WriteAllText(Path.Combine(root, "texts.jsonl"), lines.ToString());
    }

    private (int Exit, string Output) Run(string textColumn)
    {
        var spec = Path.Combine(root, "spec.yaml");
        File.WriteAllText(spec, $$"""
            name: cli-text
            base: { model: {{CliTokenBagModel.Name}}, checkpoint: none }
            data:
              format: jsonl
              train: texts.jsonl
              text: {{textColumn}}
              max_length: 8
              tokenizer: tok
              split: { validation: 0.25 }
            training: { epochs: 4, batch_size: 16, optimizer: { lr: 0.05 }, threads: 1 }
            gates:
              - { metric: accuracy, min: 0.9 }
            """);
        using var output = new StringWriter();
        var exit = Program.BuildRoot().Parse(["run", spec, "--output", Path.Combine(root, "out")]).Invoke(new InvocationConfiguration { Output = output, Error = output });
        return (exit, output.ToString());
    }

    [Fact]
    public void A_text_spec_trains_and_passes()
    {
        var (exit, output) = Run("text");

        Assert.True(exit == 0, output);
        Assert.Contains("PASSED", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_column_that_is_not_in_the_file_is_bad_input_at_the_data_text_line()
    {
        var (exit, output) = Run("body");

        Assert.Equal(2, exit);
        Assert.Matches(@"spec\.yaml\(6,9\): error MLOPS232: the text column 'body'", output);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}

/// <summary>Mean of token embeddings (pad id 0 left out): a stand-in for the BERT models.</summary>
[FineTuneModel(Name)]
public sealed class CliTokenBagModel : FineTuneModule
{
    public const string Name = "cli-token-bag";
    private readonly Embedding backbone;

    public CliTokenBagModel(ModelShape shape)
        : base(Name, 8, shape.ClassCount)
    {
        backbone = nn.Embedding(32, 8);
        RegisterComponents();
    }

    public override Tensor Features(Tensor input)
    {
        using var scope = NewDisposeScope();
        var ids = input.to(ScalarType.Int64);
        var mask = ids.ne(0).unsqueeze(-1).to(ScalarType.Float32);
        return ((backbone.forward(ids) * mask).sum(1) / mask.sum(1).clamp_min(1)).MoveToOuterDisposeScope();
    }
}
