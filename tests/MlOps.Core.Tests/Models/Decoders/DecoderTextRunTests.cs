using System.Text;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Pipeline;
using MlOps.Core.Tests.Torch;

namespace MlOps.Core.Tests.Models.Decoders;

/// <summary>
/// The normal run, end to end: a tiny random Llama-config folder (byte-level BPE tokenizer.json)
/// fine-tuned on a text classification CSV with LoRA on PEFT's default Llama targets (q_proj, v_proj),
/// base.model auto from config.json; the adapter is saved under PEFT's names.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class DecoderTextRunTests : IDisposable
{
    private static readonly string[] AnimalWords = ["fox", "dog", "jump", "lazy", "brown", "quick"];
    private static readonly string[] OtherWords = ["cafe", "naive", "want", "don", "over", "un"];
    private readonly TempRepository repo = new();

    public DecoderTextRunTests()
    {
        TinyDecoders.WriteFolder(repo.PathOf("llama"), TinyDecoders.LlamaConfigJson());
        WriteCsv("data/train.csv", 160, 2);
        WriteCsv("data/val.csv", 80, 3);
    }

    public void Dispose() => repo.Dispose();

    [Fact]
    public void A_random_llama_folder_fine_tunes_on_text_with_lora_through_the_normal_run()
    {
        var observer = new RecordingObserver();
        var spec = repo.WriteSpec("llama.yaml", """
            name: llama-topic
            seed: 5
            base: { checkpoint: llama }
            data:
              format: csv
              train: data/train.csv
              validation: data/val.csv
              label: topic
              text: text
              max_length: 48
            adapter: { type: lora, r: 4, alpha: 8, targets: ["*.q_proj", "*.v_proj"] }
            training:
              epochs: 6
              batch_size: 16
              optimizer: { type: adamw, lr: 0.01 }
              threads: 1
            gates:
              - { metric: accuracy, min: 0.7 }   # two balanced classes: chance is 0.5
            """);

        var outcome = FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out") }, observer, CancellationToken.None);

        Assert.True(outcome.ExitCode == ExitCodes.Passed,
            $"accuracy {outcome.Result?.Metrics["validation"]["accuracy"]}\n" + string.Join("\n", observer.Diagnostics.Select(d => d.Message).Concat(observer.Messages)));
        var result = outcome.Result!;
        Assert.Equal("llama", result.Model.Architecture);
        Assert.True(result.Model.TrainableShare < 0.2, $"trainable share {result.Model.TrainableShare}");
        var (adapter, _) = SafeTensorsFile.Read(repo.PathOf("out/adapter/adapter_model.safetensors"));
        Assert.Contains("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", adapter.Keys);
        Assert.Contains("base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight", adapter.Keys);
        Assert.Contains("base_model.model.score.weight", adapter.Keys);
        Assert.DoesNotContain(adapter.Keys, k => k.Contains("k_proj", StringComparison.Ordinal));
        StateDict.Dispose(adapter);
    }

    /// <summary>Rows of 3–10 words, 85 % from the row's topic list; topics alternate.</summary>
    private void WriteCsv(string name, int rows, int seed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("text,topic\n");
        for (var i = 0; i < rows; i++)
        {
            var animal = i % 2 == 0;
            var words = Enumerable.Range(0, random.Next(3, 11)).Select(_ =>
                (random.NextDouble() < 0.85) == animal ? AnimalWords[random.Next(AnimalWords.Length)] : OtherWords[random.Next(OtherWords.Length)]);
            csv.AppendLine($"{string.Join(' ', words)}.,{(animal ? "animal" : "other")}");
        }
        File.WriteAllText(repo.PathOf(name), csv.ToString());
    }
}
