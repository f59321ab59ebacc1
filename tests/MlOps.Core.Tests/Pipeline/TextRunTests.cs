using MlOps.Contracts.Diagnostics;
using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Text;
using MlOps.Core.Tests.Torch;
using MlOps.Text;

namespace MlOps.Core.Tests.Pipeline;

/// <summary>A text spec, end to end through the run a `mlops run` makes, with a stand-in model.</summary>
[Collection(TorchCollection.Name)]
public sealed class TextRunTests : IDisposable
{
    private readonly TempRepository repo = new();

    public TextRunTests()
    {
        Directory.CreateDirectory(repo.PathOf("tok"));
        File.WriteAllText(repo.PathOf("tok/vocab.txt"), string.Join('\n', TokenizerFiles.WordPieceVocabulary) + "\n");
        TopicCorpus.Write(repo.PathOf("data/train.jsonl"), 160, 1, minWords: 1, withSource: true);
        TopicCorpus.Write(repo.PathOf("data/val.jsonl"), 60, 2, minWords: 1, withSource: true);
    }

    private string Spec(int maxLength = 16) => repo.WriteSpec("text.yaml", $$"""
        name: text-bag
        seed: 11
        base:
          model: {{TokenBagModel.Name}}
          checkpoint: none
        data:
          format: jsonl
          train: data/train.jsonl
          validation: data/val.jsonl
          label: topic
          text: text
          max_length: {{maxLength}}
          tokenizer: tok
          sensitive: [source]
        training:
          epochs: 6
          batch_size: 16
          optimizer: { type: adamw, lr: 0.05 }
          threads: 1
        gates:
          - { metric: accuracy, min: 0.8 }
        """);

    private RunOutcome Run(string spec, bool resume = false, RecordingObserver? observer = null, CancellationToken cancel = default) =>
        FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out/text"), Resume = resume }, observer ?? new RecordingObserver(), cancel);

    [Fact]
    public void A_text_spec_trains_on_token_ids_and_passes_its_gate()
    {
        var observer = new RecordingObserver();

        var outcome = Run(Spec(), observer: observer);

        Assert.True(outcome.ExitCode == ExitCodes.Passed, string.Join("\n", observer.Diagnostics.Select(d => d.Message)));
        var result = outcome.Result!;
        Assert.True(result.Metrics["validation"]["accuracy"] >= 0.8);
        Assert.Equal(["animal", "other"], result.Classes);
        Assert.DoesNotContain(observer.Diagnostics, d => d.Code == TextErrorCodes.ManyTruncated);
    }

    [Fact]
    public void A_short_max_length_warns_about_truncation_and_still_runs()
    {
        var observer = new RecordingObserver();

        var outcome = Run(Spec(maxLength: 8), observer: observer);

        Assert.NotEqual(ExitCodes.BadInput, outcome.ExitCode);
        var warning = Assert.Single(observer.Diagnostics, d => d.Code == TextErrorCodes.ManyTruncated && d.Message.Contains("train", StringComparison.Ordinal));
        Assert.Equal((repo.PathOf("text.yaml"), 11), (warning.Location.File, warning.Location.Line)); // the data.text line
    }

    [Fact]
    public void Ctrl_c_and_resume_give_the_metrics_of_an_uninterrupted_bucketed_run()
    {
        var expected = Run(Spec()).Result!;
        Directory.Delete(repo.PathOf("out/text"), recursive: true);

        using var cancel = new CancellationTokenSource();
        var observer = new RecordingObserver { OnBatchHook = (epoch, batch) => { if (epoch == 3 && batch == 4) cancel.Cancel(); } };
        Assert.Equal(ExitCodes.Interrupted, Run(Spec(), observer: observer, cancel: cancel.Token).ExitCode);
        var resumed = Run(Spec(), resume: true).Result!;

        Assert.True(resumed.Training.Resumed);
        Assert.Equal(expected.Metrics["validation"], resumed.Metrics["validation"]);
    }

    public void Dispose() => repo.Dispose();
}
