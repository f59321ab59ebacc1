using MlOps.Contracts.Diagnostics;
using MlOps.Core.Data.Formats;
using MlOps.Specs.Model;

namespace MlOps.Core.Data;

/// <summary>CSV / JSON Lines: read, check columns, drop per policy, split, fit, encode.</summary>
internal static class TabularDataLoader
{
    public static LoadedData Load(FineTuneSpec spec, DataLoadOptions options, FeatureEncoder? baseEncoder, IReadOnlyList<string>? classes, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var data = spec.Data;
        DatasetLoader.RequireFile(data.Train, "data.train", DatasetLoader.SpecLocation(spec));
        var train = Read(data.Format, data.Train, options, ct);
        RawTable? validation = null;
        if (data.Validation is not null)
        {
            DatasetLoader.RequireFile(data.Validation, "data.validation", DatasetLoader.SpecLocation(spec));
            validation = Read(data.Format, data.Validation, options, ct);
            ColumnCheck.RequireSame(train, validation);
        }
        RawTable? test = null;
        if (data.Test is not null)
        {
            DatasetLoader.RequireFile(data.Test, "data.test", DatasetLoader.SpecLocation(spec));
            test = Read(data.Format, data.Test, options, ct);
            ColumnCheck.RequireSame(train, test, "test");
        }
        var labelIndex = ColumnCheck.RequireLabel(train, data.Label);
        var features = ColumnCheck.Features(train, data, baseEncoder);

        train = MissingRowFilter.Apply(train, data.Label, features, data.Missing, out var droppedTrain);
        var droppedValidation = 0;
        if (validation is not null)
        {
            validation = MissingRowFilter.Apply(validation, data.Label, features, data.Missing, out droppedValidation);
        }
        var droppedTest = 0;
        if (test is not null)
        {
            test = MissingRowFilter.Apply(test, data.Label, features, data.Missing, out droppedTest);
        }
        var testFromSplit = test is null && data.Split.Test > 0;
        (train, test) = testFromSplit ? TestSplit.Take(train, labelIndex, spec) : (train, test);
        var fromSplit = validation is null;
        (train, validation) = validation is null ? SplitRows(train, labelIndex, spec, TestSplit.ValidationShare(data.Split, testFromSplit)) : (train, validation);
        if (train.Rows.Count == 0)
        {
            throw DataError.File(DataErrorCodes.Empty, train.Path, "no training rows are left (the file is empty, or data.missing: drop removed every row).");
        }
        if (validation.Rows.Count == 0)
        {
            throw DataError.File(DataErrorCodes.Empty, validation.Path, "no validation rows are left (the file is empty, or data.missing: drop removed every row).");
        }

        var encoder = baseEncoder ?? EncoderFitter.Fit(train, features, data);
        var classList = ClassList.Resolve(classes, data.Classes, train.Rows.Select(r => r.Cells[labelIndex]!.Trim()));
        var trainLabels = ClassList.Index(train, data.Label, classList, "training");
        ClassList.RequireSeveral(train.Path, classList, trainLabels);
        var validationLabels = ClassList.Index(validation, data.Label, classList, "validation");
        ClassList.RequireSeenInTraining(validation.Path, [.. validation.Rows.Select(r => r.Line)], validationLabels, classList, trainLabels, validation.IndexOf(data.Label) + 1);

        var testLabels = test is null ? null : TestSplit.Labels(test, data.Label, classList, trainLabels);

        var warnings = new List<Diagnostic>();
        var trainSplit = Encode("train", train, trainLabels, encoder, data, options, droppedTrain, required: true, warnings);
        var validationSplit = Encode("validation", validation, validationLabels, encoder, data, options, droppedValidation, required: true, warnings: null);
        var testSplit = test is null ? null : Encode("test", test, testLabels!, encoder, data, options, droppedTest, required: true, warnings: null);
        var infos = new List<DatasetInfo>
        {
            TabularProfile.Describe(train, fromSplit ? $"{Path.GetFileName(train.Path)} (training part of a seeded split)" : Path.GetFileName(train.Path), "training", trainLabels, classList, data, encoder),
            TabularProfile.Describe(validation, fromSplit ? $"{Path.GetFileName(validation.Path)} (validation part of a seeded split, {Percent(data.Split.Validation)})" : Path.GetFileName(validation.Path), "validation", validationLabels, classList, data, encoder),
        };
        if (test is not null)
        {
            infos.Add(TabularProfile.Describe(test, TestSplit.Name(test, testFromSplit, data), "test", testLabels!, classList, data, encoder));
        }
        return new LoadedData(trainSplit, validationSplit, encoder, classList, infos) { Test = testSplit, Warnings = warnings };
    }

    public static (EncodedSplit, IReadOnlyList<DatasetInfo>) LoadForgetting(DataSpec data, ForgettingSpec forgetting, SourceLocation location, FeatureEncoder encoder, IReadOnlyList<string> classes, DataLoadOptions options, CancellationToken ct)
    {
        DatasetLoader.RequireFile(forgetting.Data, "evaluation.forgetting.data", location);
        var table = Read(data.Format, forgetting.Data, options, ct);
        ColumnCheck.RequireLabel(table, data.Label);
        var features = ColumnCheck.Features(table, data, encoder);
        table = MissingRowFilter.Apply(table, data.Label, features, data.Missing, out var dropped);
        var labels = ClassList.Index(table, data.Label, classes, "forgetting");
        var split = Encode("forgetting", table, labels, encoder, data, options, dropped, required: false, warnings: null);
        return (split, [TabularProfile.Describe(table, Path.GetFileName(table.Path), "forgetting", labels, classes, data, encoder)]);
    }

    private static EncodedSplit Encode(string name, RawTable table, long[] labels, FeatureEncoder encoder, DataSpec data, DataLoadOptions options, int dropped, bool required, List<Diagnostic>? warnings)
    {
        var features = TabularEncoder.Encode(table, encoder, data.Missing, options, out var unseen);
        var groups = SensitiveGroups.Compute(table, data.Sensitive, required, warnings);
        return new EncodedSplit(name, features, encoder.SampleShape, labels, groups) { DroppedRows = dropped, UnseenCategoryValues = unseen, SourceLines = [.. table.Rows.Select(r => r.Line)] };
    }

    internal static (RawTable Train, RawTable Validation) SplitRows(RawTable table, int labelIndex, FineTuneSpec spec) =>
        SplitRows(table, labelIndex, spec, spec.Data.Split.Validation);

    /// <param name="fraction">The share of <paramref name="table"/>'s rows that goes to the second part.</param>
    internal static (RawTable Train, RawTable Held) SplitRows(RawTable table, int labelIndex, FineTuneSpec spec, double fraction)
    {
        var labels = table.Rows.Select(r => r.Cells[labelIndex]!.Trim()).ToList();
        var (trainRows, validationRows) = StratifiedSplitter.Split(labels, fraction, spec.Seed, spec.Data.Split.Stratify);
        return (table.WithRows([.. trainRows.Select(i => table.Rows[i])]), table.WithRows([.. validationRows.Select(i => table.Rows[i])]));
    }

    internal static string Percent(double fraction) => (fraction * 100).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + "%";

    internal static RawTable Read(DataFormat format, string path, DataLoadOptions options, CancellationToken ct) =>
        DataFormatLoaders.Of(format) is TableFormatLoader table
            ? table.Read(path, options, ct)
            : throw new ArgumentOutOfRangeException(nameof(format), format, "not a format of rows with named columns");
}
