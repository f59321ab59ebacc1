using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Text;
using MlOps.Core.Tests.Torch;

namespace MlOps.Core.Tests.Pipeline;

/// <summary>
/// The text sample's path, in miniature: a BERT pretrained from scratch by a masked_lm spec is
/// written as a Hugging Face folder, and a second spec fine-tunes that folder with LoRA.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class PretrainThenFineTuneTests : IDisposable
{
    private readonly TempRepository repo = new();

    public PretrainThenFineTuneTests()
    {
        Directory.CreateDirectory(repo.PathOf("tok"));
        File.WriteAllText(repo.PathOf("tok/vocab.txt"), string.Join('\n', TokenizerFiles.WordPieceVocabulary) + "\n");
        File.WriteAllText(repo.PathOf("config.json"), $$"""
            { "model_type": "bert", "vocab_size": {{TokenizerFiles.WordPieceVocabulary.Length}}, "hidden_size": 16, "num_hidden_layers": 1,
              "num_attention_heads": 2, "intermediate_size": 32, "max_position_embeddings": 32, "type_vocab_size": 2,
              "hidden_dropout_prob": 0.0, "attention_probs_dropout_prob": 0.0, "pad_token_id": 0 }
            """);
        TopicCorpus.Write(repo.PathOf("data/corpus.jsonl"), 240, 1, labelled: false);
        TopicCorpus.Write(repo.PathOf("data/train.jsonl"), 160, 2);
        TopicCorpus.Write(repo.PathOf("data/val.jsonl"), 80, 3);
    }

    public void Dispose() => repo.Dispose();

    [Fact]
    public void A_masked_lm_spec_learns_from_an_unlabelled_corpus_and_writes_a_hugging_face_folder()
    {
        var observer = new RecordingObserver();

        var outcome = Pretrain(observer);

        Assert.True(outcome.ExitCode == ExitCodes.Passed, string.Join("\n", observer.Diagnostics.Select(d => d.Message)));
        var result = outcome.Result!;
        Assert.Empty(result.Classes);
        Assert.Equal(Math.Exp(result.Metrics["validation"]["masked_lm_loss"]), result.Metrics["validation"]["perplexity"], 6);
        var history = result.Training.History;
        Assert.True(history[^1].TrainLoss < history[0].TrainLoss, $"train loss {history[0].TrainLoss} → {history[^1].TrainLoss}");

        var folder = repo.PathOf("out/pretrain/model");
        Assert.True(File.Exists(Path.Combine(folder, "config.json")));
        Assert.True(File.Exists(Path.Combine(folder, "vocab.txt")));
        var (tensors, _) = SafeTensorsFile.Read(Path.Combine(folder, "model.safetensors"));
        Assert.Contains("bert.embeddings.word_embeddings.weight", tensors.Keys);
        Assert.Contains("bert.encoder.layer.0.attention.self.query.weight", tensors.Keys);
        Assert.Contains(tensors.Keys, k => k.StartsWith("cls.predictions.", StringComparison.Ordinal));
        Assert.DoesNotContain(tensors.Keys, k => k.StartsWith("backbone.", StringComparison.Ordinal));
        StateDict.Dispose(tensors);
    }

    [Fact]
    public void The_pretrained_folder_is_fine_tuned_with_lora_and_its_encoder_stays_as_pretrained()
    {
        Assert.Equal(ExitCodes.Passed, Pretrain(new RecordingObserver()).ExitCode);
        var observer = new RecordingObserver();

        var outcome = FineTune(observer);

        Assert.True(outcome.ExitCode == ExitCodes.Passed, $"accuracy {outcome.Result?.Metrics["validation"]["accuracy"]}\n" + string.Join("\n", observer.Diagnostics.Select(d => d.Message)));
        var result = outcome.Result!;
        Assert.Equal("bert", result.Model.Architecture);
        Assert.Equal(CheckpointSourceKind.Folder, result.Model.BaseSource!.Kind);
        Assert.True(result.Model.TrainableShare < 0.5, $"trainable share {result.Model.TrainableShare}");
        Assert.Contains(observer.Messages, m => m.Contains("cls.predictions", StringComparison.Ordinal) && m.Contains("not used", StringComparison.Ordinal));

        var (adapter, _) = SafeTensorsFile.Read(repo.PathOf("out/finetune/adapter/adapter_model.safetensors"));
        Assert.Contains("base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.weight", adapter.Keys);
        Assert.Contains("base_model.model.classifier.weight", adapter.Keys);
        StateDict.Dispose(adapter);
    }

    private RunOutcome Pretrain(RecordingObserver observer) => Run("pretrain", repo.WriteSpec("pretrain.yaml", """
        name: pretrain
        seed: 3
        base: { model: bert, checkpoint: none, config: config.json }
        data:
          format: jsonl
          train: data/corpus.jsonl
          text: text
          tokenizer: tok
          max_length: 16
          split: { validation: 0.25 }
        training:
          objective: masked_lm
          mask_probability: 0.3
          epochs: 4
          batch_size: 16
          optimizer: { type: adamw, lr: 0.01 }
          threads: 1
        gates:
          - { metric: perplexity, max: 1000 }
        """), observer);

    private RunOutcome FineTune(RecordingObserver observer) => Run("finetune", repo.WriteSpec("finetune.yaml", """
        name: finetune
        seed: 5
        base: { checkpoint: out/pretrain/model }
        data:
          format: jsonl
          train: data/train.jsonl
          validation: data/val.jsonl
          label: topic
          text: text
          max_length: 16
        adapter: { type: lora, r: 4, alpha: 8, targets: ["backbone.*"] }
        training:
          epochs: 12
          batch_size: 16
          optimizer: { type: adamw, lr: 0.01 }
          threads: 1
        gates:
          - { metric: accuracy, min: 0.6 }   # two balanced classes: chance is 0.5
        """), observer);

    private RunOutcome Run(string name, string spec, RecordingObserver observer) =>
        FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf($"out/{name}") }, observer, CancellationToken.None);
}
