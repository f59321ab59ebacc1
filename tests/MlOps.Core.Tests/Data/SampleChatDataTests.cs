using System.Text.Json;
using MlOps.Core.Data;
using MlOps.Specs;
using MlOps.Tests.Shared;
using MlOps.Text;

namespace MlOps.Core.Tests.Data;

/// <summary>
/// samples/chat/data holds what its README says: 1,000 WordNet facts, 150 validation words held out
/// of instruction tuning but present in the pretraining text, and a byte-level BPE that encodes them
/// as the committed Python BPE (samples/chat/prototype) does.
/// </summary>
public sealed class SampleChatDataTests : IDisposable
{
    private static readonly string Sample = Path.Combine(SourceTree.Root, "samples", "chat");

    private readonly string folder = Path.Combine(Path.GetTempPath(), "mlops-chat-data-tests", Guid.NewGuid().ToString("N"));

    public SampleChatDataTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static string Data(string file) => Path.Combine(Sample, "data", file);

    private static List<JsonElement> Rows(string file) =>
        [.. File.ReadLines(Data(file)).Select(line => JsonDocument.Parse(line).RootElement.Clone())];

    /// <summary>"Define:\nbleb\nDefinition:" → "bleb".</summary>
    private static string Word(JsonElement row) => row.GetProperty("prompt").GetString()!.Split('\n')[1];

    [Fact]
    public void Validation_words_are_held_out_of_tuning_and_their_facts_are_in_the_pretraining_text()
    {
        var train = Rows("train.jsonl");
        var validation = Rows("validation.jsonl");
        var pretrain = Rows("pretrain.jsonl").Select(r => r.GetProperty("text").GetString()!).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(850, train.Count);
        Assert.Equal(150, validation.Count);
        Assert.Equal(1000, pretrain.Count);
        Assert.Empty(train.Select(Word).Intersect(validation.Select(Word), StringComparer.Ordinal));
        Assert.All(train.Concat(validation), row =>
            Assert.Contains($"{Word(row)}:{row.GetProperty("completion").GetString()}", pretrain));
    }

    [Fact]
    public void The_tokenizer_encodes_as_the_python_reference_and_round_trips_every_text()
    {
        var tokenizer = TokenizerLoader.Load(Data("tokenizer"));

        Assert.Equal(1024, tokenizer.VocabularySize);
        Assert.Equal((0, 1), (tokenizer.BosId, tokenizer.EosId));
        // Ids from samples/chat/prototype/prototype.py's own BPE (GPT-2's byte map and merge order).
        Assert.Equal([275, 61, 13, 714, 741, 124, 13, 276, 61], tokenizer.EncodeContent("Define:\nmonkey\nDefinition:"));
        Assert.Equal([445, 273, 813, 701, 48, 119, 645, 286, 279, 328, 112, 500, 49], tokenizer.EncodeContent(" any of various long-tailed primates."));
        var texts = Rows("pretrain.jsonl").Select(r => r.GetProperty("text").GetString()!)
            .Concat(Rows("train.jsonl").SelectMany(r => new[] { r.GetProperty("prompt").GetString()!, r.GetProperty("completion").GetString()! }));
        Assert.All(texts, text => Assert.Equal(text, tokenizer.Decode(tokenizer.EncodeContent(text))));
    }

    [Fact]
    public void The_instruction_rows_load_as_causal_lm_data_without_truncation()
    {
        var spec = Path.Combine(folder, "chat.yaml");
        File.WriteAllText(spec, $"""
            name: chat-data
            base: {"{"} model: llama, checkpoint: none, config: "{Path.Combine(Sample, "pretrain", "config.json")}" {"}"}
            data:
              format: jsonl
              train: "{Data("train.jsonl")}"
              validation: "{Data("validation.jsonl")}"
              tokenizer: "{Data("tokenizer")}"
            training: {"{"} objective: causal_lm, max_length: 48 {"}"}
            """);

        var result = SpecLoader.Load(spec, new SpecLoadOptions { AllowOutsideRepository = true });
        Assert.True(result.Spec is not null, string.Join("\n", result.Diagnostics.Select(d => d.Message)));

        var loaded = DatasetLoader.Load(result.Spec);

        Assert.Equal(850, loaded.Train.Rows);
        Assert.Equal(150, loaded.Validation.Rows);
        Assert.True(loaded.Train.Lengths!.Max() < 48, $"longest {loaded.Train.Lengths!.Max()} tokens: some rows were cut at max_length");
        Assert.Empty(loaded.Warnings);
    }
}
