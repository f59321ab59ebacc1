using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Tests.Pipeline;
using MlOps.Core.Tests.Text;
using MlOps.Core.Tests.Torch;
using MlOps.Runtime;

namespace MlOps.Core.Tests.Runtime;

/// <summary>
/// MlOps.Runtime gives the run's own validation scoring: real runs with `export: { onnx: true }`,
/// then FineTunedModel on the raw validation rows (CSV cells, text, IDX pixels) against predictions.csv.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class FineTunedModelParityTests : IDisposable
{
    private readonly TempRepository repo = new();

    [Fact]
    public void Tabular_rows_with_numbers_categories_and_missing_cells_score_as_the_run_did()
    {
        static string Csv(int rows, int seed)
        {
            var random = new Random(seed);
            string[] colours = ["red", "green", "blue"];
            var csv = new StringBuilder("x1,x2,colour,label\n");
            for (var i = 0; i < rows; i++)
            {
                var label = i % 3;
                var x2 = i % 7 == 3 ? "" : (random.NextDouble() * 10).ToString("F3", CultureInfo.InvariantCulture); // missing: imputed with the mean
                var colour = i % 11 == 5 ? "NA" : colours[(i + label) % 3];
                csv.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{random.NextDouble() + label:F4},{x2},{colour},{"abc"[label]}"));
            }
            return csv.ToString();
        }
        File.WriteAllText(repo.PathOf("data/train.csv"), Csv(90, 1));
        File.WriteAllText(repo.PathOf("data/val.csv"), Csv(30, 2));
        var result = ExportedRun.Execute(repo, """
            name: tabular
            seed: 5
            base: { model: mlp, checkpoint: none, hidden: [8] }
            data: { train: data/train.csv, validation: data/val.csv, label: label, categorical: [colour], missing: impute }
            training: { epochs: 3, batch_size: 16, optimizer: { type: adamw, lr: 0.01 }, threads: 1 }
            export: { onnx: true }
            """);

        // The model card ships with the exported folder.
        Assert.Equal(File.ReadAllText(result.Outputs.ModelCard!), File.ReadAllText(Path.Combine(OnnxFolder(result), "README.md")));
        using var model = FineTunedModel.Load(result.Outputs.Directory);
        var lines = File.ReadAllLines(repo.PathOf("data/val.csv"));
        var header = lines[0].Split(',');
        var expected = ScoredRow.Validation(result.Outputs.Predictions!, model.Classes);
        // CSV cells as text, exactly as the file has them (source_line is the 1-based line of the row).
        var rows = expected.Select(e => (IReadOnlyDictionary<string, object?>)header.Zip(lines[e.SourceLine - 1].Split(','))
            .ToDictionary(p => p.First, p => (object?)p.Second)).ToList();

        Assert.Equal(["x1", "x2", "colour"], model.Columns);
        ExportedRun.AssertSame(expected, model.Predict(rows));
        ExportedRun.AssertSame(expected.Take(1).ToList(), [model.Predict(rows[0])]);
        // Numbers as numbers, a missing value as null: the same features.
        var typed = rows.Select(r => (IReadOnlyDictionary<string, object?>)r.ToDictionary(p => p.Key, p => p.Key is "colour" or "label" ? p.Value
            : ((string)p.Value!).Length == 0 ? null : (object?)double.Parse((string)p.Value!, CultureInfo.InvariantCulture))).ToList();
        ExportedRun.AssertSame(expected, model.Predict(typed));

        // Inputs that do not fit, and a call for another input kind: MLOPS errors that say what to pass.
        var withoutX2 = rows[0].Where(p => p.Key != "x2").ToDictionary(p => p.Key, p => p.Value);
        Assert.Contains("no value for column 'x2'", Assert.Throws<MlOpsException>(() => model.Predict(withoutX2)).Message, StringComparison.Ordinal);
        var textInNumber = rows[0].ToDictionary(p => p.Key, p => p.Key == "x1" ? "high" : p.Value);
        Assert.Equal(RuntimeErrorCodes.InputInvalid, Assert.Throws<MlOpsException>(() => model.Predict(textInNumber)).Diagnostics[0].Code);
        Assert.Equal(RuntimeErrorCodes.ModelIncompatible, Assert.Throws<MlOpsException>(() => model.PredictText("hello")).Diagnostics[0].Code);
    }

    [Fact]
    public void Text_is_tokenized_by_the_trainers_tokenizer_and_scores_as_the_run_did()
    {
        Directory.CreateDirectory(repo.PathOf("tok"));
        File.WriteAllText(repo.PathOf("tok/vocab.txt"), string.Join('\n', TokenizerFiles.WordPieceVocabulary) + "\n");
        File.WriteAllText(repo.PathOf("config.json"), $$"""
            { "model_type": "bert", "vocab_size": {{TokenizerFiles.WordPieceVocabulary.Length}}, "hidden_size": 16, "num_hidden_layers": 1,
              "num_attention_heads": 2, "intermediate_size": 32, "max_position_embeddings": 32, "type_vocab_size": 2,
              "hidden_dropout_prob": 0.0, "attention_probs_dropout_prob": 0.0, "pad_token_id": 0 }
            """);
        TopicCorpus.Write(repo.PathOf("data/train.jsonl"), 60, 2);
        TopicCorpus.Write(repo.PathOf("data/val.jsonl"), 24, 3);
        var result = ExportedRun.Execute(repo, """
            name: text
            seed: 3
            base: { model: bert, checkpoint: none, config: config.json }
            data: { format: jsonl, train: data/train.jsonl, validation: data/val.jsonl, label: topic, text: text, tokenizer: tok, max_length: 16 }
            training: { epochs: 2, batch_size: 16, optimizer: { type: adamw, lr: 0.001 }, threads: 1 }
            export: { onnx: true }
            """);

        using var model = FineTunedModel.Load(OnnxFolder(result));
        var lines = File.ReadAllLines(repo.PathOf("data/val.jsonl"));
        var expected = ScoredRow.Validation(result.Outputs.Predictions!, model.Classes);
        var texts = expected.Select(e => JsonDocument.Parse(lines[e.SourceLine - 1]).RootElement.GetProperty("text").GetString()!).ToList();

        Assert.True(File.Exists(Path.Combine(OnnxFolder(result), "vocab.txt")), "the tokenizer travels with the model");
        ExportedRun.AssertSame(expected, model.PredictText(texts));
        ExportedRun.AssertSame(expected.Take(1).ToList(), [model.PredictText(texts[0])]);
    }

    [Fact]
    public void Decoded_pixels_are_normalised_as_training_did_and_score_as_the_run_did()
    {
        static (byte[] Images, byte[] Labels) Digits(int count, int seed)
        {
            var random = new Random(seed);
            var images = new byte[count * 64];
            var labels = new byte[count];
            for (var i = 0; i < count; i++)
            {
                labels[i] = (byte)(i % 2);
                for (var p = 0; p < 64; p++)
                {
                    // Class 1 is bright on the left half: something a small CNN learns in an epoch.
                    images[(i * 64) + p] = (byte)(random.Next(0, 120) + ((p % 8 < 4) == (labels[i] == 1) ? 120 : 0));
                }
            }
            return (images, labels);
        }
        void Idx(string name, int magic, int[] dims, byte[] body)
        {
            var bytes = new byte[4 + (4 * dims.Length) + body.Length];
            BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
            for (var i = 0; i < dims.Length; i++)
            {
                BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + (4 * i)), dims[i]);
            }
            body.CopyTo(bytes, 4 + (4 * dims.Length));
            File.WriteAllBytes(repo.PathOf("data/" + name), bytes);
        }
        var (trainImages, trainLabels) = Digits(64, 1);
        var (valImages, valLabels) = Digits(20, 2);
        Idx("train-images", 0x0803, [64, 8, 8], trainImages);
        Idx("train-labels", 0x0801, [64], trainLabels);
        Idx("val-images", 0x0803, [20, 8, 8], valImages);
        Idx("val-labels", 0x0801, [20], valLabels);
        var result = ExportedRun.Execute(repo, """
            name: pixels
            seed: 3
            base: { model: cnn-small, checkpoint: none }
            data: { format: idx, train: data/train-images, train_labels: data/train-labels, validation: data/val-images, validation_labels: data/val-labels }
            training: { epochs: 1, batch_size: 16, threads: 1 }
            export: { onnx: true }
            """);

        using var model = FineTunedModel.Load(OnnxFolder(result));
        var expected = ScoredRow.Validation(result.Outputs.Predictions!, model.Classes);
        var images = Enumerable.Range(0, 20).Select(i => valImages.AsSpan(i * 64, 64).ToArray()).ToList();

        ExportedRun.AssertSame(expected, model.PredictPixels(images));
        ExportedRun.AssertSame(expected.Take(1).ToList(), [model.PredictPixels(images[0])]);
        // A model trained on decoded pixels cannot say how to decode and resize a picture file.
        Assert.Equal(RuntimeErrorCodes.ModelIncompatible, Assert.Throws<MlOpsException>(() => model.PredictImage(new byte[] { 1, 2, 3 })).Diagnostics[0].Code);
    }

    private static string OnnxFolder(RunResult result) => result.Export!.Folder;

    public void Dispose() => repo.Dispose();
}
