using System.Text.Json;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Models.Decoders;
using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Models.Decoders;
using MlOps.Core.Tests.Torch;
using MlOps.Specs;
using MlOps.Text;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Pipeline;

/// <summary>
/// evaluation.forgetting: { text } on causal_lm: a tiny Llama fine-tuned hard on a few unrelated
/// prompt/completion rows; its perplexity on general text rises above the base model's, the figures
/// equal the token-mean cross-entropy of the saved and base folders recomputed here block by block,
/// a tight forgetting gate fails and a loose one passes.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class CausalLmForgettingTests : IDisposable
{
    private const int MaxLength = 24;
    private static readonly string[] General =
    [
        "The quick brown fox jumps over the lazy dog.",
        "",
        "Rivers run to the sea, and the sea is never full.",
        "A penny saved is a penny earned; time is money.",
    ];

    private readonly TempRepository repo = new();

    public CausalLmForgettingTests()
    {
        TinyDecoders.WriteFolder(repo.PathOf("llama"), TinyDecoders.LlamaConfigJson());
        Directory.CreateDirectory(repo.PathOf("data"));
        File.WriteAllLines(repo.PathOf("data/train.jsonl"), Enumerable.Range(0, 8).Select(i => JsonSerializer.Serialize(new { prompt = "zz", completion = i % 2 == 0 ? " dog dog" : " dog" })));
        File.WriteAllLines(repo.PathOf("data/general.txt"), General);
    }

    public void Dispose() => repo.Dispose();

    private string WriteSpec(string forgetting, string gates = "", string name = "forget.yaml", string checkpoint = "checkpoint: llama") => repo.WriteSpec(name, $"""
        name: llama-forget
        seed: 3
        base: {"{"} {checkpoint} {"}"}
        data:
          format: jsonl
          train: data/train.jsonl
          validation: data/train.jsonl
        training:
          objective: causal_lm
          max_length: {MaxLength}
          epochs: 20
          batch_size: 4
          optimizer: {"{"} type: adamw, lr: 0.02 {"}"}
          threads: 1
        evaluation: {"{"} forgetting: {forgetting} {"}"}
        {gates}
        """);

    [Fact]
    public void Fine_tuning_on_unrelated_data_raises_perplexity_on_general_text_and_a_tight_gate_fails()
    {
        var spec = WriteSpec("{ text: data/general.txt }",
            "gates:\n  - { forgetting: perplexity, max_drop: 0.5 }\n  - { forgetting: loss, max_drop: 1000, severity: warning }\n  - { forgetting: perplexity, max_ratio: 1.01 }");

        var outcome = FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out") }, new RecordingObserver(), CancellationToken.None);

        var result = outcome.Result!;
        var after = result.Metrics["forgetting"];
        var before = result.Baseline["forgetting"];
        Assert.Equal(Recomputed("llama"), before["loss"], 4);
        Assert.Equal(Recomputed("out/model"), after["loss"], 4);
        Assert.Equal(Math.Exp(after["loss"]), after["perplexity"], 6);
        Assert.True(after["perplexity"] > before["perplexity"] + 0.5, $"base {before["perplexity"]}, fine-tuned {after["perplexity"]}");

        Assert.Equal(ExitCodes.GateFailed, outcome.ExitCode);
        var gates = result.Gates.Where(g => g.Kind == GateResultKind.Forgetting).ToList();
        Assert.Equal([false, true, false], gates.Select(g => g.Passed));
        Assert.Equal(after["perplexity"] - before["perplexity"], gates[0].Actual!.Value, 9);
        // The ratio form: fine-tuned / base, whatever the perplexity's scale.
        Assert.Equal(after["perplexity"] / before["perplexity"], gates[2].Actual!.Value, 9);
        Assert.Equal("forgetting perplexity max_ratio 1.01", gates[2].Name);
        Assert.Contains("forgetting", File.ReadAllText(repo.PathOf("out/result.json")), StringComparison.Ordinal);
        Assert.Contains("perplexity", File.ReadAllText(repo.PathOf("out/report.md")), StringComparison.Ordinal);
        Assert.Contains("forgetting perplexity max_ratio 1.01", File.ReadAllText(repo.PathOf("out/result.json")), StringComparison.Ordinal);
        Assert.Contains("forgetting perplexity max_ratio 1.01", File.ReadAllText(repo.PathOf("out/junit.xml")), StringComparison.Ordinal);
        Assert.Contains("ratio fine-tuned / base", File.ReadAllText(repo.PathOf("out/report.md")), StringComparison.Ordinal);
    }

    /// <summary>Each line as bos + tokens + eos, joined, cut into max_length blocks; the mean next-token cross-entropy.</summary>
    private double Recomputed(string folder)
    {
        var tokenizer = TokenizerLoader.Load(repo.PathOf("llama"));
        var ids = General.Where(l => l.Length > 0).SelectMany(l => new[] { TinyDecoders.Bos }.Concat(tokenizer.EncodeContent(l)).Append(TinyDecoders.Eos)).ToArray();
        using var model = DecoderWeights.CausalLm(repo.PathOf(folder), SourceLocation.None(folder));
        model.eval();
        double sum = 0;
        var count = 0;
        using var _ = no_grad();
        for (var start = 0; start < ids.Length; start += MaxLength)
        {
            var block = ids.Skip(start).Take(MaxLength).Select(i => (long)i).ToArray();
            using var logits = model.forward(tensor(block).unsqueeze(0));
            using var logProbs = nn.functional.log_softmax(logits[0].to(ScalarType.Float64), 1);
            for (var t = 0; t + 1 < block.Length; t++)
            {
                sum -= logProbs[t, block[t + 1]].item<double>();
                count++;
            }
        }
        return sum / count;
    }

    [Fact]
    public void Text_forgetting_needs_causal_lm_a_checkpoint_and_not_data_beside_it()
    {
        var both = SpecLoader.Load(WriteSpec("{ text: data/general.txt, data: data/train.jsonl }", name: "a.yaml"));
        Assert.Equal("MLOPS113", Assert.Single(both.Diagnostics, d => d.IsError).Code);

        var classifierData = SpecLoader.Load(WriteSpec("{ data: data/train.jsonl }", name: "b.yaml"));
        Assert.Contains(classifierData.Diagnostics, d => d.IsError && d.Code == "MLOPS050" && d.Message.Contains("text: general.txt", StringComparison.Ordinal));

        var fromScratch = SpecLoader.Load(WriteSpec("{ text: data/general.txt }", name: "c.yaml", checkpoint: "config: llama/config.json"));
        Assert.Contains(fromScratch.Diagnostics, d => d.IsError && d.Code == "MLOPS050" && d.Message.Contains("base.checkpoint", StringComparison.Ordinal));

        var wrongMetric = SpecLoader.Load(WriteSpec("{ text: data/general.txt, metric: accuracy }", name: "d.yaml"));
        Assert.Contains(wrongMetric.Diagnostics, d => d.IsError && d.Code == "MLOPS051");

        var fine = SpecLoader.Load(WriteSpec("{ text: data/general.txt }", "gates:\n  - { forgetting: perplexity, max_drop: 2 }", "e.yaml"));
        Assert.False(fine.HasErrors, string.Join("\n", fine.Diagnostics));
        Assert.True(fine.Spec!.Evaluation.Forgetting!.PlainText);
        Assert.Equal("perplexity", fine.Spec.Evaluation.Forgetting.Metric);
    }
}
