using MlOps.Core.Data;
using MlOps.Specs.Model;
using MlOps.Tests.Shared;

namespace MlOps.Core.Tests.Data;

/// <summary>samples/text/data holds what its README says, and its vocabulary covers its text.</summary>
public sealed class SampleTextDataTests
{
    private static readonly string Folder = Path.Combine(SourceTree.Root, "samples", "text", "data");

    private static LoadedData Load(string train, string? validation) => DatasetLoader.Load(DataFixture.Spec(new DataSpec
    {
        Format = DataFormat.Jsonl,
        Train = Path.Combine(Folder, train),
        Validation = validation is null ? null : Path.Combine(Folder, validation),
        Text = "text",
        MaxLength = 64,
        Tokenizer = Path.Combine(Folder, "tokenizer"),
    }));

    [Fact]
    public void The_fine_tuning_task_is_five_balanced_classes_the_vocabulary_covers()
    {
        var loaded = Load("train.jsonl", "validation.jsonl");

        Assert.Equal(["noun.animal", "noun.artifact", "noun.body", "noun.food", "noun.plant"], loaded.Classes);
        Assert.All(loaded.Datasets[0].ClassCounts.Values, count => Assert.Equal(64, count));
        Assert.All(loaded.Datasets[1].ClassCounts.Values, count => Assert.Equal(48, count));
        Assert.Equal(3000, loaded.Tokenizer!.VocabularySize);
        Assert.Equal(4, loaded.Tokenizer.MaskId);
        Assert.True(loaded.Train.TruncatedRows <= loaded.Train.Rows / 50, $"{loaded.Train.TruncatedRows} rows longer than 64 tokens");
        var tokens = loaded.Train.Lengths!.Sum();
        var unknown = loaded.Train.Features.Count(id => id == loaded.Tokenizer.Special.Unknown);
        Assert.True(unknown < tokens / 200.0, $"{unknown} of {tokens} tokens are [UNK]");
    }

    [Fact]
    public void The_pretraining_corpus_loads_and_shares_no_gloss_with_the_task()
    {
        var loaded = Load("pretrain.jsonl", null);
        var task = File.ReadLines(Path.Combine(Folder, "train.jsonl")).Concat(File.ReadLines(Path.Combine(Folder, "validation.jsonl"))).ToHashSet();

        Assert.Equal(4000, loaded.Train.Rows + loaded.Validation.Rows);
        Assert.True(loaded.Classes.Count > 30, "glosses of many lexicographer files");
        Assert.DoesNotContain(File.ReadLines(Path.Combine(Folder, "pretrain.jsonl")), task.Contains);
    }
}
