using System.Text;
using System.Text.Json;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Export;
using MlOps.Contracts.Results;
using MlOps.Core.Models.Decoders;
using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Export;
using MlOps.Core.Tests.Models.Decoders;
using MlOps.Core.Tests.Pipeline;
using MlOps.Core.Tests.Torch;
using MlOps.Runtime;
using MlOps.Text;

namespace MlOps.Core.Tests.Runtime;

/// <summary>
/// MlOps.Runtime on exported decoders: a Llama-config classifier fine-tuned by the normal run scores its
/// validation texts as predictions.csv; a language model's greedy decoding through the exported KV cache
/// (and without it) gives the tokens of the trainer's TextGeneration and of PyTorch's reference, and
/// text in gives the trainer's text out.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class DecoderRuntimeTests : IDisposable
{
    private static readonly SourceLocation Where = SourceLocation.None("test");
    private readonly TempRepository repo = new();

    public void Dispose() => repo.Dispose();

    [Fact]
    public void A_fine_tuned_llama_classifier_passes_the_export_gate_and_scores_its_validation_texts_as_the_run_did()
    {
        TinyDecoders.WriteFolder(repo.PathOf("llama"), TinyDecoders.LlamaConfigJson(layers: 1));
        WriteCsv("data/train.csv", 48, 2);
        WriteCsv("data/val.csv", 24, 3);
        var observer = new RecordingObserver();
        var outcome = FineTuneRun.Execute(new RunRequest
        {
            SpecPath = repo.WriteSpec("llama.yaml", """
                name: llama-topic
                seed: 5
                base: { checkpoint: llama }
                data: { format: csv, train: data/train.csv, validation: data/val.csv, label: topic, text: text, max_length: 16 }
                training: { epochs: 2, batch_size: 16, optimizer: { type: adamw, lr: 0.01 }, threads: 1 }
                export: { onnx: true }
                gates:
                  - { export: onnx, max_abs_diff: 1e-4 }
                """),
            OutputDirectory = repo.PathOf("out"),
        }, observer, CancellationToken.None);
        Assert.True(outcome.ExitCode == ExitCodes.Passed, string.Join("\n", observer.Diagnostics.Select(d => d.ToString())));
        var result = RunResultFile.Read(outcome.ResultPath!);

        using var model = FineTunedModel.Load(result.Outputs.Directory);
        Assert.Equal(["input_ids", "attention_mask"], model.Manifest.Inputs.Select(i => i.Name));
        Assert.Equal(AttentionMasks.ThroughLastNonPad, model.Manifest.Preprocessing.Text!.AttentionMask);
        var lines = File.ReadAllLines(repo.PathOf("data/val.csv"));
        var expected = ScoredRow.Validation(result.Outputs.Predictions!, model.Classes);
        var predictions = model.PredictText([.. expected.Select(e => lines[e.SourceLine - 1].Split(',')[0])]);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Predicted, predictions[i].Label);
            Assert.All(expected[i].Probabilities.Zip(predictions[i].Probabilities), p => Assert.InRange(Math.Abs(p.First - p.Second), 0, 1e-5));
        }
        Assert.Equal(RuntimeErrorCodes.ModelIncompatible, Assert.Throws<MlOpsException>(() => model.Generate([1, 2, 3])).Diagnostics[0].Code);
    }

    [Theory]
    [MemberData(nameof(DecoderOnnxParityTests.Fixtures), MemberType = typeof(DecoderOnnxParityTests))]
    public void Greedy_decoding_gives_the_trainers_and_PyTorchs_tokens_with_and_without_the_cache(string fixture)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(DecoderReferenceTests.Folder, "reference.json")));
        var maxNew = document.RootElement.GetProperty("max_new_tokens").GetInt32();
        var entry = document.RootElement.GetProperty("models").GetProperty(fixture);
        var pytorch = entry.GetProperty("greedy").EnumerateArray().Select(r => string.Join(" ", r.EnumerateArray().Select(v => v.GetInt32()))).ToArray();
        // The reference stops at a per-model end-of-sequence id (one the random weights reach): the fixture's folder with that eos_token_id.
        var folder = repo.PathOf(fixture);
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(DecoderReferenceTests.Folder, fixture)))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!;
        config["eos_token_id"] = entry.GetProperty("eos_token_id").GetInt32();
        config["pad_token_id"] = document.RootElement.GetProperty("pad_token_id").GetInt32();
        File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString());
        var prompts = DecoderOnnxParityTests.Prompts();
        using var torchModel = DecoderWeights.CausalLm(folder, Where);
        var trainer = TextGeneration.Generate(torchModel, prompts, new GenerationOptions { MaxNewTokens = maxNew }, Where).Select(g => string.Join(" ", g)).ToArray();
        Assert.Equal(pytorch, trainer);

        foreach (var cache in new[] { true, false })
        {
            var layout = new OnnxExportLayout(repo.PathOf($"{fixture}-{cache}/onnx"));
            var manifest = MlOps.Core.Export.CausalLmExporter.Write(torchModel, new MlOps.Core.Export.CausalLmExportRequest(null, 17, cache), layout);
            Assert.Equal(cache, manifest.Generation!.PastKeyValues);
            using var model = FineTunedModel.Load(layout.Directory);

            Assert.Equal(trainer, model.Generate(prompts, maxNew).Select(g => string.Join(" ", g)).ToArray());
            Assert.Equal(trainer[1], string.Join(" ", model.Generate(prompts[1], maxNew))); // alone, unpadded
            Assert.Equal(RuntimeErrorCodes.ModelIncompatible, Assert.Throws<MlOpsException>(() => model.PredictText("x")).Diagnostics[0].Code);
            Assert.Equal(RuntimeErrorCodes.ModelIncompatible, Assert.Throws<MlOpsException>(() => model.GenerateText("x")).Diagnostics[0].Code);
            Assert.Equal(RuntimeErrorCodes.InputInvalid, Assert.Throws<MlOpsException>(() => model.Generate([1, 500])).Diagnostics[0].Code);
            Assert.Equal(RuntimeErrorCodes.InputInvalid, Assert.Throws<MlOpsException>(() => model.Generate([1], 64)).Diagnostics[0].Code);
        }
    }

    [Fact]
    public void Text_in_gives_the_trainers_greedy_text_out_with_the_exported_tokenizer()
    {
        var folder = repo.PathOf("lm");
        TinyDecoders.WriteFolder(folder, TinyDecoders.LlamaConfigJson(), std: 0.5, seed: 11);
        using var torchModel = DecoderWeights.CausalLm(folder, Where);
        var tokenizer = TokenizerLoader.Load(Path.Combine(folder, "tokenizer.json"));
        string[] prompts = ["the dog", "a quick brown fox jumps over", "dog"];
        // As a causal_lm run frames its prompts (InstructionPrompts): bos first, though this tokenizer.json has no post-processor to add it.
        var ids = prompts.Select(p => (IReadOnlyList<int>)[TinyDecoders.Bos, .. tokenizer.EncodeContent(p)]).ToList();
        var trainer = TextGeneration.Generate(torchModel, ids, new GenerationOptions { MaxNewTokens = 12 }, Where)
            .Select(g => tokenizer.Decode(g)).ToList();

        var layout = new OnnxExportLayout(repo.PathOf("lm-export/onnx"));
        MlOps.Core.Export.CausalLmExporter.Write(torchModel, new MlOps.Core.Export.CausalLmExportRequest(tokenizer, 17), layout);
        Assert.True(File.Exists(Path.Combine(layout.Directory, "tokenizer.json")), "the tokenizer travels with the model");
        using var model = FineTunedModel.Load(layout.Directory);

        Assert.Equal(trainer, model.GenerateText(prompts, 12));
        Assert.Equal(trainer[0], model.GenerateText(prompts[0], 12));
        Assert.Contains(trainer, t => t.Length > 0);
    }

    private void WriteCsv(string name, int rows, int seed)
    {
        string[] animals = ["fox", "dog", "jump", "lazy", "brown", "quick"];
        string[] others = ["cafe", "naive", "want", "don", "over", "un"];
        var random = new Random(seed);
        var csv = new StringBuilder("text,topic\n");
        for (var i = 0; i < rows; i++)
        {
            var words = Enumerable.Range(0, random.Next(2, 9)).Select(_ => (i % 2 == 0 ? animals : others)[random.Next(6)]);
            csv.Append(string.Join(' ', words)).Append(i % 2 == 0 ? ",animal\n" : ",other\n");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(repo.PathOf(name))!);
        File.WriteAllText(repo.PathOf(name), csv.ToString());
    }
}
