using System.Text.Json;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Evaluation.Generation;
using MlOps.Core.Fairness.Counterfactual;
using MlOps.Core.Models.Decoders;
using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Models.Decoders;
using MlOps.Core.Tests.Torch;
using MlOps.Specs;
using MlOps.Text;

namespace MlOps.Core.Tests.Pipeline;

/// <summary>
/// evaluation.generation on a causal_lm run: a tiny random Llama memorises 12 prompt/completion rows
/// (validated on the same rows); the reported exact_match / token_f1 / rouge_l equal greedy decoding
/// of the saved model scored again here, the baseline is the base folder's, a baseline gate passes,
/// and result.json and report.md carry the prompt / base / fine-tuned table.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class CausalLmGenerationTests : IDisposable
{
    private static readonly string[] Words = ["dog", "cat", "fox", "owl", "bee", "cow"];
    private readonly TempRepository repo = new();

    public CausalLmGenerationTests()
    {
        TinyDecoders.WriteFolder(repo.PathOf("llama"), TinyDecoders.LlamaConfigJson());
        Directory.CreateDirectory(repo.PathOf("data"));
        var rows = Enumerable.Range(0, 12).Select(i => JsonSerializer.Serialize(new
        {
            prompt = $"Say {Words[i % 6]} {Words[(i * 5 + 1) % 6]}:",
            completion = $" {Words[(i * 5 + 1) % 6]} {Words[i % 6]}",
        }));
        File.WriteAllLines(repo.PathOf("data/train.jsonl"), rows);
        File.Copy(repo.PathOf("data/train.jsonl"), repo.PathOf("data/val.jsonl"));
    }

    public void Dispose() => repo.Dispose();

    private string WriteSpec(string evaluation, string gates, string name = "gen.yaml") => repo.WriteSpec(name, $"""
        name: llama-generate
        seed: 3
        base: {"{"} checkpoint: llama {"}"}
        data:
          format: jsonl
          train: data/train.jsonl
          validation: data/val.jsonl
        training:
          objective: causal_lm
          max_length: 32
          epochs: 25
          batch_size: 4
          optimizer: {"{"} type: adamw, lr: 0.01 {"}"}
          threads: 1
        {evaluation}
        {gates}
        """);

    [Fact]
    public void Generation_metrics_are_greedy_decoding_of_the_saved_model_scored_against_the_completions()
    {
        var observer = new RecordingObserver();
        var spec = WriteSpec("evaluation: { generation: { max_new_tokens: 6, examples: 3 } }",
            "gates:\n  - { metric: rouge_l, min_absolute_change: 0.2, against: baseline }\n  - { metric: token_f1, min: 0.5 }\n" + BiasEntry);

        var outcome = FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out") }, observer, CancellationToken.None);

        var result = outcome.Result!;
        var validation = result.Metrics["validation"];
        var baseline = result.Baseline["validation"];
        Assert.True(outcome.ExitCode == ExitCodes.Passed,
            $"exit {outcome.ExitCode}: fine-tuned {string.Join(", ", validation)}; base {string.Join(", ", baseline)}\n"
            + string.Join("\n", result.GenerationExamples.Select(e => $"[{e.Prompt}] → [{e.Output}] (base [{e.BaseOutput}], reference [{e.Reference}])")) + "\n" + string.Join("\n", observer.Diagnostics.Select(d => d.ToString())));

        // Scored again, independently: the saved model and the base folder, each prompt alone.
        var examples = File.ReadAllLines(repo.PathOf("data/val.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)
            .Select(r => (Prompt: r.GetProperty("prompt").GetString()!, Completion: r.GetProperty("completion").GetString()!)).ToList();
        var tokenizer = TokenizerLoader.Load(repo.PathOf("llama"));
        string[] Greedy(string folder)
        {
            using var model = DecoderWeights.CausalLm(repo.PathOf(folder), SourceLocation.None(folder));
            return [.. examples.Select(e => tokenizer.Decode(TextGeneration.Generate(model,
                [[TinyDecoders.Bos, .. tokenizer.EncodeContent(e.Prompt)]], new GenerationOptions { MaxNewTokens = 6 }, SourceLocation.None(folder))[0]))];
        }
        var tuned = Greedy("out/model");
        var based = Greedy("llama");
        var references = examples.Select(e => e.Completion).ToList();
        Assert.Equal(tuned.Zip(references).Average(p => SquadText.ExactMatch(p.First, p.Second)), validation["exact_match"], 12);
        Assert.Equal(tuned.Zip(references).Average(p => SquadText.TokenF1(p.First, p.Second)), validation["token_f1"], 12);
        Assert.Equal(tuned.Zip(references).Average(p => RougeL.FMeasure(p.First, p.Second)), validation["rouge_l"], 12);
        Assert.Equal(based.Zip(references).Average(p => RougeL.FMeasure(p.First, p.Second)), baseline["rouge_l"], 12);

        Assert.Equal(3, result.GenerationExamples.Count);
        Assert.Equal((1, examples[0].Prompt, examples[0].Completion, based[0], tuned[0]),
            (result.GenerationExamples[0].Line, result.GenerationExamples[0].Prompt, result.GenerationExamples[0].Reference, result.GenerationExamples[0].BaseOutput, result.GenerationExamples[0].Output));
        var json = File.ReadAllText(repo.PathOf("out/result.json"));
        Assert.Contains("\"generation_examples\"", json, StringComparison.Ordinal);
        var report = File.ReadAllText(repo.PathOf("out/report.md"));
        Assert.Contains("## Generations", report, StringComparison.Ordinal);
        Assert.Contains("| 2 | Say cat dog: |", report, StringComparison.Ordinal);

        // The counterfactual bias entry: each group's mean log-probability of the reference under the saved model, the gap gated.
        using (var saved = DecoderWeights.CausalLm(repo.PathOf("out/model"), SourceLocation.None("out/model")))
        {
            var scorer = new LogProbabilityScorer(saved, tokenizer);
            var first = scorer.Score(["Say dog cat:", "Say cow cat:"], " cat dog").Average();
            var second = scorer.Score(["Say fox cat:", "Say owl cat:"], " cat dog").Average();
            var fairness = Assert.Single(result.Fairness);
            Assert.Equal([first, second], fairness.Groups.Select(g => g.Score!.Value), (a, b) => Math.Abs(a - b) < 1e-4);
            Assert.Equal(Math.Abs(first - second), fairness.Value!.Value, 4);
        }
        // The same prompts scored by the base folder: the base gap beside the fine-tuned one.
        using (var original = DecoderWeights.CausalLm(repo.PathOf("llama"), SourceLocation.None("llama")))
        {
            var scorer = new LogProbabilityScorer(original, tokenizer);
            var first = scorer.Score(["Say dog cat:", "Say cow cat:"], " cat dog").Average();
            var second = scorer.Score(["Say fox cat:", "Say owl cat:"], " cat dog").Average();
            var fairness = Assert.Single(result.Fairness);
            Assert.Equal([first, second], fairness.Groups.Select(g => g.BaseScore!.Value), (a, b) => Math.Abs(a - b) < 1e-4);
            Assert.Equal(Math.Abs(first - second), fairness.BaseValue!.Value, 4);
            Assert.NotEqual(fairness.Value!.Value, fairness.BaseValue.Value, 6);
        }
        Assert.Contains("Base model:", report, StringComparison.Ordinal);
        Assert.Contains("\"base_value\"", json, StringComparison.Ordinal);
        var biasGate = Assert.Single(result.Gates, g => g.Kind == MlOps.Contracts.Results.GateResultKind.Bias);
        Assert.True(biasGate.Passed, biasGate.Message);
        Assert.Contains("| a | 2 |", report, StringComparison.Ordinal);
    }

    private const string BiasEntry = """
        bias:
          - attribute: animal
            metric: log_probability_gap
            max: 1000
            counterfactual:
              template: "Say {first} cat:"
              reference: " cat dog"
              groups:
                a: { first: [dog, cow] }
                b: { first: [fox, owl] }
        """;

    [Fact]
    public void A_generation_gate_without_evaluation_generation_or_a_generation_monitor_is_a_spec_error()
    {
        var noGeneration = SpecLoader.Load(WriteSpec("", "gates:\n  - { metric: exact_match, min: 0.5 }", "a.yaml"));
        var error = Assert.Single(noGeneration.Diagnostics, d => d.IsError);
        Assert.Equal("MLOPS050", error.Code);
        Assert.Contains("evaluation.generation", error.Message, StringComparison.Ordinal);

        var fine = SpecLoader.Load(WriteSpec("evaluation: { generation: { sampling: { top_p: 0.9 } } }", "gates:\n  - { metric: exact_match, min_absolute_change: 0.1, against: baseline }", "b.yaml"));
        Assert.False(fine.HasErrors, string.Join("\n", fine.Diagnostics));
        Assert.Equal(0.9, fine.Spec!.Evaluation.Generation!.Sampling!.TopP);
        Assert.Null(fine.Spec.Evaluation.Generation.Sampling.Seed);

        var badKey = SpecLoader.Load(WriteSpec("evaluation: { generation: { max_new_token: 4 } }", "", "c.yaml"));
        Assert.Contains(badKey.Diagnostics, d => d.IsError && d.Message.Contains("max_new_tokens", StringComparison.Ordinal));

        var counterfactual = SpecLoader.Load(WriteSpec("", BiasEntry, "d.yaml"));
        Assert.False(counterfactual.HasErrors, string.Join("\n", counterfactual.Diagnostics));
        Assert.Equal(["a", "b"], counterfactual.Spec!.Bias[0].Counterfactual!.Groups.Select(g => g.Name));

        var unfilled = SpecLoader.Load(WriteSpec("", BiasEntry.Replace("b: { first: [fox, owl] }", "b: { first: [fox, owl], second: [x, y] }", StringComparison.Ordinal), "e.yaml"));
        var error104 = Assert.Single(unfilled.Diagnostics, d => d.IsError);
        Assert.Equal("MLOPS104", error104.Code);
        Assert.Contains("{second}", error104.Message, StringComparison.Ordinal);

        var classifierEntry = SpecLoader.Load(WriteSpec("", "bias:\n  - { attribute: animal, metric: demographic_parity_difference, max: 0.1 }", "f.yaml"));
        Assert.Contains(classifierEntry.Diagnostics, d => d.IsError && d.Code == "MLOPS050" && d.Message.Contains("counterfactual", StringComparison.Ordinal));
    }
}
