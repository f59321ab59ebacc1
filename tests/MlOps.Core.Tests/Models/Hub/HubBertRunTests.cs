using System.Text;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Transformers;
using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Models.Transformers;
using MlOps.Core.Tests.Pipeline;
using MlOps.Core.Tests.Text;

namespace MlOps.Core.Tests.Models.Hub;

/// <summary>
/// The issue's path end to end: a BERT checkpoint under the Hub's own names (bert.*, no classifier),
/// with its vocab.txt, served from 127.0.0.1 like the Hub; `hf://` downloads it into the cache,
/// the weights load by name, the tokenizer comes from the snapshot, and the classifier fine-tunes.
/// </summary>
[Collection(HubEnvironmentCollection.Name)]
public sealed class HubBertRunTests : IDisposable
{
    private readonly TempRepository repo = new();
    private readonly HubSite site = new();
    private readonly Dictionary<string, string?> savedEnvironment = [];

    [Fact]
    public void A_hub_bert_is_downloaded_loaded_by_its_hub_names_and_fine_tuned_on_text()
    {
        var commit = PublishTinyBert();
        Set("HF_HUB_CACHE", site.CacheRoot);
        Set("HF_ENDPOINT", site.Hub.Endpoint.AbsoluteUri);
        Set("HF_HUB_OFFLINE", null);
        Set("HF_TOKEN", null);
        TopicCorpus.Write(repo.PathOf("data/train.jsonl"), 160, 2);
        TopicCorpus.Write(repo.PathOf("data/val.jsonl"), 80, 3);
        var spec = repo.WriteSpec("finetune.yaml", """
            name: hub-bert
            seed: 5
            base: { checkpoint: hf://tiny-org/tiny-bert }
            data:
              format: jsonl
              train: data/train.jsonl
              validation: data/val.jsonl
              label: topic
              text: text
              max_length: 16
            training:
              epochs: 10
              batch_size: 16
              optimizer: { type: adamw, lr: 0.005 }
              threads: 1
            gates:
              - { metric: accuracy, min: 0.8 }   # two balanced classes: chance is 0.5
            """);
        var observer = new RecordingObserver();

        var outcome = FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out/hub-bert") }, observer, CancellationToken.None);

        Assert.True(outcome.ExitCode == ExitCodes.Passed,
            $"accuracy {outcome.Result?.Metrics["validation"]["accuracy"]}\n" + string.Join("\n", observer.Diagnostics.Select(d => d.Message)));
        var result = outcome.Result!;
        Assert.Equal("bert", result.Model.Architecture);
        Assert.Equal((CheckpointSourceKind.Hub, "tiny-org/tiny-bert", commit), (result.Model.BaseSource!.Kind, result.Model.BaseSource.HubId, result.Model.BaseSource.Commit));
        Assert.Contains(result.Model.BaseSource.Files, f => f.Name == "vocab.txt");
        // Every encoder tensor came from the file by its Hub name (the classifier is new: head: replace).
        Assert.DoesNotContain(observer.Messages, m => m.Contains("freshly initialised", StringComparison.Ordinal) || m.Contains("not used", StringComparison.Ordinal));
        Assert.True(Directory.Exists(Path.Combine(site.CacheRoot, "models--tiny-org--tiny-bert", "snapshots", commit)));
    }

    /// <summary>A tiny BERT's encoder (as a base model is published: bert.* names, no classifier) plus its WordPiece vocabulary.</summary>
    private string PublishTinyBert()
    {
        using var model = TinyTransformers.Classifier(TransformerKind.Bert, seed: 3, dropout: 0);
        var state = TinyTransformers.HubState(model, TransformerKind.Bert, include: n => !n.StartsWith("head.", StringComparison.Ordinal));
        var weights = repo.PathOf("tiny-bert.safetensors");
        SafeTensorsFile.Write(weights, state, new Dictionary<string, string> { ["format"] = "pt" });
        StateDict.Dispose(state);
        string[] vocabulary = [.. TokenizerFiles.WordPieceVocabulary, .. Enumerable.Range(0, TinyTransformers.Vocab - TokenizerFiles.WordPieceVocabulary.Length).Select(i => $"[unused{i}]")];
        return site.Hub.AddRepo("tiny-org/tiny-bert", new Dictionary<string, byte[]>
        {
            ["config.json"] = Encoding.UTF8.GetBytes(TinyTransformers.ConfigJson(TransformerKind.Bert, dropout: 0)),
            ["model.safetensors"] = File.ReadAllBytes(weights),
            ["vocab.txt"] = Encoding.UTF8.GetBytes(string.Join('\n', vocabulary) + "\n"),
            ["tokenizer_config.json"] = Encoding.UTF8.GetBytes("""{"do_lower_case": true}"""),
        });
    }

    private void Set(string name, string? value)
    {
        savedEnvironment.TryAdd(name, Environment.GetEnvironmentVariable(name));
        Environment.SetEnvironmentVariable(name, value);
    }

    public void Dispose()
    {
        foreach (var (name, value) in savedEnvironment)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
        site.Dispose();
        repo.Dispose();
    }
}
