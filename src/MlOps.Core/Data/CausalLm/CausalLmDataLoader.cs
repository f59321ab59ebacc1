using System.Globalization;
using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Model;
using MlOps.Text;

namespace MlOps.Core.Data.CausalLm;

/// <summary>
/// training.objective: causal_lm's data stage. Instruction JSON Lines (<see cref="InstructionFile"/>)
/// become one padded sequence per example (or packed blocks); plain text (data.text, any table
/// format) is tokenized row by row and cut into max_length blocks. Validation is data.validation or
/// a seeded share of the training examples (data.split.validation).
/// </summary>
internal static class CausalLmDataLoader
{
    /// <summary>The one "class" of a language-model split (rows carry no label).</summary>
    public const string TextClass = "text";

    public static LoadedData Load(FineTuneSpec spec, DataLoadOptions options, CancellationToken ct)
    {
        var data = spec.Data;
        var where = DatasetLoader.SpecLocation(spec);
        var tokenizer = Tokenizer(spec, where);
        var maxLength = spec.Training.SequenceLength;
        var packing = spec.Training.Packing == true;
        var encoder = new SequenceEncoder(tokenizer, maxLength, spec.Training.TrainOnPrompt == true);
        var reader = new SplitReader(spec, tokenizer, encoder, options, ct);

        DatasetLoader.RequireFile(data.Train, "data.train", where);
        var train = reader.Read(data.Train!);
        var fromSplit = data.Validation is null;
        Examples validation;
        if (data.Validation is null)
        {
            (train, validation) = train.Split(data.Split.Validation, spec.Seed);
        }
        else
        {
            DatasetLoader.RequireFile(data.Validation, "data.validation", where);
            validation = reader.Read(data.Validation);
        }
        Examples? test = null;
        if (data.Test is not null)
        {
            DatasetLoader.RequireFile(data.Test, "data.test", where);
            test = reader.Read(data.Test);
        }

        var warnings = new List<Diagnostic>();
        var all = train.Sequences.Count + validation.Sequences.Count + (test?.Sequences.Count ?? 0);
        if (encoder.Truncated > 0)
        {
            warnings.Add(Diagnostic.Warning(CausalLmDataErrorCodes.Truncated, string.Create(CultureInfo.InvariantCulture,
                $"{encoder.Truncated} of {all} examples ({encoder.Truncated * 100.0 / all:0.#}%) are longer than training.max_length {maxLength} tokens and keep only their first {maxLength} (their completions' ends are not learned); the longest has {encoder.Longest}. Raise training.max_length if their ends matter."),
                spec.Training.ObjectiveLocation ?? where));
        }
        // Plain text is always packed: without training.packing as one stream (a text's end and the next
        // one's start share a block), with it as isolated examples.
        var pack = packing || train.Instructions is null;
        var infos = new List<DatasetInfo>
        {
            train.Describe(fromSplit ? $"{Path.GetFileName(train.Path)} (training part of a seeded split)" : Path.GetFileName(train.Path), "training"),
            validation.Describe(fromSplit ? $"{Path.GetFileName(validation.Path)} (validation part of a seeded split)" : Path.GetFileName(validation.Path), "validation"),
        };
        if (test is not null)
        {
            infos.Add(test.Describe(Path.GetFileName(test.Path), "test"));
        }
        return new LoadedData(train.Encode("train", maxLength, pack, packing), validation.Encode("validation", maxLength, pack, packing),
            FeatureEncoder.ForText(maxLength, tokenizer.VocabularySize, tokenizer.PadId), [TextClass], infos)
        {
            Test = test?.Encode("test", maxLength, pack, packing),
            Tokenizer = tokenizer,
            Warnings = warnings,
            CausalLm = new CausalLmData(train.Shape, train.Instructions, validation.Instructions, test?.Instructions, maxLength, pack),
        };
    }

    private static TextTokenizer Tokenizer(FineTuneSpec spec, SourceLocation where)
    {
        if (spec.Data.Tokenizer is null && (spec.Base.Checkpoint is not { } checkpoint || !MlOps.Specs.Hub.TokenizerFolder.Holds(checkpoint)))
        {
            throw DataError.Spec(TextErrorCodes.TokenizerNotFound, where,
                "training.objective causal_lm needs the model's tokenizer, and there is none: set data.tokenizer to a folder with tokenizer.json (and tokenizer_config.json), or point base.checkpoint at a Hugging Face model folder that has one.");
        }
        return TokenizerSource.Resolve(spec, null);
    }

    /// <summary>One file's examples (instruction records or text rows) and their token sequences.</summary>
    private sealed record Examples(string Path, InstructionShape? Shape, IReadOnlyList<InstructionExample>? Instructions, IReadOnlyList<TokenSequence> Sequences)
    {
        public (Examples Kept, Examples Held) Split(double share, int seed)
        {
            var order = Enumerable.Range(0, Sequences.Count).ToArray();
            new Random(seed).Shuffle(order);
            var held = Math.Clamp((int)Math.Round(Sequences.Count * share), 1, Sequences.Count - 1);
            if (Sequences.Count < 2)
            {
                throw DataError.File(DataErrorCodes.Empty, Path, "holds a single example, too few to split off validation data: add examples, or set data.validation.");
            }
            var heldRows = order.Take(held).Order().ToArray();
            var keptRows = order.Skip(held).Order().ToArray();
            return (Pick(keptRows), Pick(heldRows));
        }

        public EncodedSplit Encode(string name, int maxLength, bool pack, bool isolate)
        {
            var (features, lengths, lines) = isolate ? SequenceRows.PackExamples(Sequences, maxLength)
                : pack ? SequenceRows.Pack(Sequences, maxLength) : SequenceRows.Pad(Sequences, maxLength);
            var rows = lengths.Length;
            return new EncodedSplit(name, features, [isolate ? SequenceRows.PackedChannels : 2, maxLength], new long[rows], new Dictionary<string, string[]>())
            {
                Lengths = lengths,
                TruncatedRows = Sequences.Count(s => s.Truncated),
                SourceLines = lines,
            };
        }

        public DatasetInfo Describe(string name, string context) =>
            new(name, context, Path, DataFiles.Sha256(Path), Sequences.Count, 1,
                new Dictionary<string, int> { [TextClass] = Sequences.Count },
                [Shape is { } shape ? $"instructions:{shape.Describe()}" : "text:blocks", string.Create(CultureInfo.InvariantCulture, $"tokens:{Sequences.Sum(s => (long)s.Length)}")]);

        private Examples Pick(int[] rows) =>
            this with { Instructions = Instructions is null ? null : [.. rows.Select(r => Instructions[r])], Sequences = [.. rows.Select(r => Sequences[r])] };
    }

    private sealed class SplitReader(FineTuneSpec spec, TextTokenizer tokenizer, SequenceEncoder encoder, DataLoadOptions options, CancellationToken ct)
    {
        public Examples Read(string path)
        {
            if (spec.Data.Text is { } column)
            {
                var table = TabularDataLoader.Read(spec.Data.Format, path, options, ct);
                var index = table.IndexOf(column);
                if (index < 0)
                {
                    throw DataError.Spec(TextErrorCodes.TextColumnMissing, spec.Data.TextLocation ?? DatasetLoader.SpecLocation(spec),
                        $"the text column '{column}' (data.text) is not in '{path}'. Columns are: {string.Join(", ", table.Columns)}. Set data.text to one of them.");
                }
                var texts = table.Rows.Where(r => !string.IsNullOrWhiteSpace(table.Cell(r, index))).Select(r => encoder.EncodeText(table.Cell(r, index)!, r.Line)).ToList();
                if (texts.Count == 0)
                {
                    throw DataError.File(DataErrorCodes.Empty, path, $"has no text in column '{column}'.");
                }
                return new Examples(path, null, null, texts);
            }
            Utf8Check.Require(path);
            var (shape, examples) = InstructionFile.Read(path, ChatTemplates.For(tokenizer), ct);
            return new Examples(path, shape, examples, [.. examples.Select(e => encoder.Encode(e, path))]);
        }
    }
}
