using System.Globalization;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Data.Formats;
using MlOps.Core.Pipeline;
using MlOps.Text;
using MlOps.Specs.Model;

namespace MlOps.Core.Data;

/// <summary>
/// CSV / JSON Lines with a text column (data.text): the same reading, label, split and sensitive
/// handling as tabular data, then the text tokenized into data.max_length ids per row.
/// </summary>
internal static class TextDataLoader
{
    /// <summary>Above this share of truncated rows the run warns.</summary>
    private const double TruncationWarningShare = 0.05;

    /// <summary>The one class of a masked-LM corpus without a label column.</summary>
    private const string UnlabelledClass = "text";

    public static LoadedData Load(FineTuneSpec spec, DataLoadOptions options, FeatureEncoder? baseEncoder, IReadOnlyList<string>? classes, CancellationToken ct)
    {
        var data = spec.Data;
        var tokenizer = TokenizerSource.Resolve(spec, baseEncoder);
        var train = Read(data, data.Train, "data.train", DatasetLoader.SpecLocation(spec), options, ct);
        RawTable? validation = null;
        if (data.Validation is not null)
        {
            validation = Read(data, data.Validation, "data.validation", DatasetLoader.SpecLocation(spec), options, ct);
            ColumnCheck.RequireSame(train, validation);
        }
        RawTable? test = null;
        if (data.Test is not null)
        {
            test = Read(data, data.Test, "data.test", DatasetLoader.SpecLocation(spec), options, ct);
            ColumnCheck.RequireSame(train, test, "test");
        }
        // A pretraining corpus needs no labels: without the label column, every row is plain "text".
        var unlabelled = spec.Training.Objective == TrainingObjective.MaskedLm && train.IndexOf(data.Label) < 0;
        if (unlabelled)
        {
            train = train.WithConstantColumn(data.Label, UnlabelledClass);
            validation = validation?.IndexOf(data.Label) < 0 ? validation.WithConstantColumn(data.Label, UnlabelledClass) : validation;
            test = test?.IndexOf(data.Label) < 0 ? test.WithConstantColumn(data.Label, UnlabelledClass) : test;
        }
        var labelIndex = ColumnCheck.RequireLabel(train, data.Label);
        train = Filter(train, data, out var droppedTrain);
        var droppedValidation = 0;
        if (validation is not null)
        {
            validation = Filter(validation, data, out droppedValidation);
        }
        var droppedTest = 0;
        if (test is not null)
        {
            test = Filter(test, data, out droppedTest);
        }
        var testFromSplit = test is null && data.Split.Test > 0;
        (train, test) = testFromSplit ? TestSplit.Take(train, labelIndex, spec) : (train, test);
        var fromSplit = validation is null;
        (train, validation) = validation is null ? TabularDataLoader.SplitRows(train, labelIndex, spec, TestSplit.ValidationShare(data.Split, testFromSplit)) : (train, validation);
        RequireRows(train, "training");
        RequireRows(validation, "validation");
        if (test is not null)
        {
            RequireRows(test, "test");
        }

        var encoder = FeatureEncoder.ForText(data.MaxLength, tokenizer.VocabularySize, tokenizer.PadId);
        var classList = ClassList.Resolve(classes, data.Classes, train.Rows.Select(r => r.Cells[labelIndex]!.Trim()));
        var trainLabels = ClassList.Index(train, data.Label, classList, "training");
        if (spec.Training.Objective != TrainingObjective.MaskedLm)
        {
            ClassList.RequireSeveral(train.Path, classList, trainLabels);
        }
        var validationLabels = ClassList.Index(validation, data.Label, classList, "validation");
        ClassList.RequireSeenInTraining(validation.Path, [.. validation.Rows.Select(r => r.Line)], validationLabels, classList, trainLabels, validation.IndexOf(data.Label) + 1);

        var testLabels = test is null ? null : TestSplit.Labels(test, data.Label, classList, trainLabels);

        var warnings = new List<Diagnostic>();
        var trainSplit = Encode("train", train, trainLabels, tokenizer, data, options, droppedTrain, required: true, warnings, ct);
        var validationSplit = Encode("validation", validation, validationLabels, tokenizer, data, options, droppedValidation, required: true, warnings, ct);
        var testSplit = test is null ? null : Encode("test", test, testLabels!, tokenizer, data, options, droppedTest, required: true, warnings, ct);
        var infos = new List<DatasetInfo>
        {
            Describe(train, fromSplit ? $"{Path.GetFileName(train.Path)} (training part of a seeded split)" : Path.GetFileName(train.Path), "training", trainLabels, classList, data),
            Describe(validation, fromSplit ? $"{Path.GetFileName(validation.Path)} (validation part of a seeded split, {TabularDataLoader.Percent(data.Split.Validation)})" : Path.GetFileName(validation.Path), "validation", validationLabels, classList, data),
        };
        if (test is not null)
        {
            infos.Add(Describe(test, TestSplit.Name(test, testFromSplit, data), "test", testLabels!, classList, data));
        }
        return new LoadedData(trainSplit, validationSplit, encoder, classList, infos) { Test = testSplit, Tokenizer = tokenizer, Warnings = warnings };
    }

    public static (EncodedSplit, IReadOnlyList<DatasetInfo>) LoadForgetting(FineTuneSpec spec, ForgettingSpec forgetting, SourceLocation location, FeatureEncoder encoder, IReadOnlyList<string> classes, DataLoadOptions options, CancellationToken ct)
    {
        var data = spec.Data;
        var tokenizer = TokenizerSource.Resolve(spec, encoder.IsText ? encoder : null);
        var table = Read(data, forgetting.Data, "evaluation.forgetting.data", location, options, ct);
        ColumnCheck.RequireLabel(table, data.Label);
        table = Filter(table, data, out var dropped);
        var labels = ClassList.Index(table, data.Label, classes, "forgetting");
        var split = Encode("forgetting", table, labels, tokenizer, data with { MaxLength = encoder.SampleShape[0] }, options, dropped, required: false, [], ct);
        return (split, [Describe(table, Path.GetFileName(table.Path), "forgetting", labels, classes, data)]);
    }

    private static RawTable Read(DataSpec data, string path, string what, SourceLocation specLocation, DataLoadOptions options, CancellationToken ct)
    {
        DatasetLoader.RequireFile(path, what, specLocation);
        if (DataFormatLoaders.Of(data.Format) is TableFormatLoader { IsTextFile: true })
        {
            Utf8Check.Require(path);
        }
        var table = TabularDataLoader.Read(data.Format, path, options, ct);
        RequireTextColumn(table, data);
        return table;
    }

    private static void RequireTextColumn(RawTable table, DataSpec data)
    {
        if (table.IndexOf(data.Text!) < 0)
        {
            var message = $"the text column '{data.Text}' (data.text) is not in '{table.Path}'. Columns are: {string.Join(", ", table.Columns)}. Set data.text to one of them.";
            throw data.TextLocation is { } where ? DataError.Spec(TextErrorCodes.TextColumnMissing, where, message) : DataError.At(TextErrorCodes.TextColumnMissing, table.Path, 1, 1, message);
        }
        if (string.Equals(data.Text, data.Label, StringComparison.Ordinal)
            || FeatureSelection.SensitiveSourceColumns(table.Columns, data.Sensitive).Contains(data.Text!))
        {
            throw DataError.File(DataErrorCodes.BadSetting, table.Path,
                $"data.text '{data.Text}' is also the label or a sensitive attribute's column; the text must be a column of its own, or the model would read its answer (or the protected attribute).");
        }
    }

    private static RawTable Filter(RawTable table, DataSpec data, out int dropped)
    {
        table = MissingRowFilter.Apply(table, data.Label, [], data.Missing, out var noLabel);
        table = TextRowFilter.Apply(table, table.IndexOf(data.Text!), data.Missing, out var noText);
        dropped = noLabel + noText;
        return table;
    }

    private static void RequireRows(RawTable table, string what)
    {
        if (table.Rows.Count == 0)
        {
            throw DataError.File(DataErrorCodes.Empty, table.Path, $"no {what} rows are left (the file is empty, or data.missing: drop removed every row).");
        }
    }

    private static EncodedSplit Encode(string name, RawTable table, long[] labels, TextTokenizer tokenizer, DataSpec data, DataLoadOptions options, int dropped, bool required, List<Diagnostic> warnings, CancellationToken ct)
    {
        var encoded = TextEncoder.Encode(table, table.IndexOf(data.Text!), tokenizer, data.MaxLength, options, ct);
        if (encoded.Truncated > TruncationWarningShare * table.Rows.Count)
        {
            warnings.Add(Diagnostic.Warning(TextErrorCodes.ManyTruncated, string.Create(CultureInfo.InvariantCulture,
                $"{encoded.Truncated} of {table.Rows.Count} {name} texts ({encoded.Truncated * 100.0 / table.Rows.Count:0.#}%) are longer than data.max_length {data.MaxLength} tokens and keep only their first {data.MaxLength}; the longest has {encoded.Longest}. Raise data.max_length if their ends matter."),
                data.TextLocation ?? data.Location ?? SourceLocation.None(table.Path)));
        }
        var groups = SensitiveGroups.Compute(table, data.Sensitive, required, name == "train" ? warnings : null);
        return new EncodedSplit(name, encoded.Ids, [data.MaxLength], labels, groups)
        {
            DroppedRows = dropped,
            Lengths = encoded.Lengths,
            TruncatedRows = encoded.Truncated,
            SourceLines = [.. table.Rows.Select(r => r.Line)],
        };
    }

    private static DatasetInfo Describe(RawTable table, string name, string context, long[] labels, IReadOnlyList<string> classes, DataSpec data)
    {
        var sensitive = FeatureSelection.SensitiveSourceColumns(table.Columns, data.Sensitive);
        var schema = table.Columns.Select(c =>
            string.Equals(c, data.Label, StringComparison.Ordinal) ? $"{c}:label"
            : string.Equals(c, data.Text, StringComparison.Ordinal) ? string.Create(CultureInfo.InvariantCulture, $"{c}:text (max_length {data.MaxLength})")
            : sensitive.Contains(c) ? $"{c}:sensitive"
            : $"{c}:unused").ToList();
        return new DatasetInfo(name, context, table.Path, DataFiles.Sha256(table.Path), table.Rows.Count, table.Columns.Count, TabularProfile.CountClasses(labels, classes), schema);
    }
}
