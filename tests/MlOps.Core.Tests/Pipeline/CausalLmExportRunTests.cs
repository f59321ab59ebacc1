using System.Text.Json;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Export;
using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Models.Decoders;
using MlOps.Core.Tests.Torch;
using MlOps.Runtime;
using Xunit.Abstractions;

namespace MlOps.Core.Tests.Pipeline;

/// <summary>
/// `export: { onnx: true }` on a causal_lm run: a tiny random Llama tuned with LoRA on 12 prompt/completion
/// rows writes onnx/ (merged weights, KV cache, tokenizer files), passes the `{ export: onnx }` gate on the
/// validation rows, and MlOps.Runtime's greedy GenerateText on the exported folder gives, prompt by prompt,
/// the run's own generation_examples.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class CausalLmExportRunTests : IDisposable
{
    private static readonly string[] Words = ["dog", "cat", "fox", "owl", "bee", "cow"];
    private readonly TempRepository repo = new();
    private readonly ITestOutputHelper output;

    public CausalLmExportRunTests(ITestOutputHelper output)
    {
        this.output = output;
        TinyDecoders.WriteFolder(repo.PathOf("llama"), TinyDecoders.LlamaConfigJson());
        Directory.CreateDirectory(repo.PathOf("data"));
        File.WriteAllLines(repo.PathOf("data/train.jsonl"), Enumerable.Range(0, 12).Select(i => JsonSerializer.Serialize(new
        {
            prompt = $"Say {Words[i % 6]} {Words[(i * 5 + 1) % 6]}:",
            completion = $" {Words[(i * 5 + 1) % 6]} {Words[i % 6]}",
        })));
        File.Copy(repo.PathOf("data/train.jsonl"), repo.PathOf("data/val.jsonl"));
    }

    public void Dispose() => repo.Dispose();

    [Fact]
    public void A_lora_causal_lm_run_exports_onnx_passes_the_export_gate_and_the_runtime_generates_what_the_run_generated()
    {
        var observer = new RecordingObserver();
        var spec = repo.WriteSpec("export.yaml", """
            name: llama-export
            seed: 3
            base: { checkpoint: llama }
            data: { format: jsonl, train: data/train.jsonl, validation: data/val.jsonl }
            adapter: { type: lora, r: 8, alpha: 16, targets: [all-linear] }
            training: { objective: causal_lm, max_length: 32, epochs: 25, batch_size: 4, optimizer: { type: adamw, lr: 0.03 }, threads: 1 }
            evaluation: { generation: { max_new_tokens: 6, examples: 12 } }
            export: { onnx: true }
            gates:
              - { export: onnx, max_abs_diff: 1.0e-4 }
            """);

        var outcome = FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out") }, observer, CancellationToken.None);

        Assert.True(outcome.ExitCode == ExitCodes.Passed, string.Join("\n", observer.Diagnostics.Select(d => d.ToString())));
        var result = RunResultFile.Read(outcome.ResultPath!);
        var export = result.Export!;
        var parity = export.Parity!;
        Assert.Equal(("llama", "validation", 12), (export.Family, parity.Split, parity.Rows));
        Assert.InRange(parity.MaxAbsLogitDiff, 0, 1e-4);
        Assert.True(parity.PredictionAgreement > 0.99, $"next-token agreement {parity.PredictionAgreement}");
        Assert.Empty(parity.TorchSharp);
        output.WriteLine($"max |logit diff| {parity.MaxAbsLogitDiff:G3}, next-token agreement {parity.PredictionAgreement}, token_f1 {result.Metrics["validation"]["token_f1"]}");
        var gate = Assert.Single(result.Gates, g => g.Kind == GateResultKind.Export);
        Assert.True(gate.Passed, gate.Message);
        Assert.Contains("most likely next token the same at", File.ReadAllText(repo.PathOf("out/report.md")), StringComparison.Ordinal);

        var manifest = OnnxManifestFile.Read(export.Manifest);
        Assert.Equal((OnnxTasks.CausalLm, "llama-export"), (manifest.Task, manifest.Provenance!.Spec));
        Assert.True(manifest.Generation!.PastKeyValues);
        Assert.All(manifest.Preprocessing.Text!.TokenizerFiles, f => Assert.True(File.Exists(Path.Combine(export.Folder, f)), f));
        Assert.Contains("tokenizer.json", manifest.Preprocessing.Text.TokenizerFiles);

        // The run decoded with TorchSharp (merged LoRA); the runtime decodes with ONNX Runtime through the KV cache.
        var examples = result.GenerationExamples;
        Assert.Equal(12, examples.Count);
        using var model = FineTunedModel.Load(result.Outputs.Directory);
        Assert.Equal(examples.Select(e => e.Output), model.GenerateText([.. examples.Select(e => e.Prompt)], maxNewTokens: 6));
        Assert.Equal(examples.Select(e => e.Output), examples.Select(e => model.GenerateText(e.Prompt, maxNewTokens: 6)));
        // Tuning did something the comparison can see: some outputs are the completions they learned.
        Assert.True(result.Metrics["validation"]["token_f1"] > 0.3, string.Join(", ", examples.Select(e => $"[{e.Prompt}] → [{e.Output}]")));
    }
}
