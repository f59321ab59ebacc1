using System.Globalization;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Data.Formats;
using MlOps.Core.Data.Streaming;
using MlOps.Specs.Globbing;
using MlOps.Specs.Model;

namespace MlOps.Core.Data;

/// <summary>
/// CSV / JSON Lines / any table format, streamed: pass 1 reads each file once (<see cref="TableScanner"/>:
/// labels, lines, sensitive cells, feature cells spilled to a temporary file); the split, the missing-value
/// policy and the class list work on those few bytes per row; the encoder is fitted from the spill and the
/// rows are encoded from it straight into each split's final array. No file is held as text.
/// </summary>
internal static class TabularDataLoader
{
    public static LoadedData Load(FineTuneSpec spec, DataLoadOptions options, FeatureEncoder? baseEncoder, IReadOnlyList<string>? classes, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var data = spec.Data;
        var openTrain = Opener(spec, data.Train, "data.train", options, ct);
        var trainHeader = Header(openTrain);
        var openValidation = data.Validation is null ? null : Opener(spec, data.Validation, "data.validation", options, ct);
        if (openValidation is not null)
        {
            ColumnCheck.RequireSame(trainHeader, Header(openValidation));
        }
        var openTest = data.Test is null ? null : Opener(spec, data.Test, "data.test", options, ct);
        if (openTest is not null)
        {
            ColumnCheck.RequireSame(trainHeader, Header(openTest), "test");
        }
        ColumnCheck.RequireLabel(trainHeader, data.Label);
        var features = ColumnCheck.Features(trainHeader, data, baseEncoder);
        var sensitive = FeatureSelection.SensitiveSourceColumns(trainHeader.Columns, data.Sensitive);
        var textColumns = features.Select(n => baseEncoder is not null
            ? baseEncoder.Columns.First(c => c.Name == n).Kind == FeatureKind.Categorical
            : NameGlob.AnyMatch(data.Categorical, n)).ToArray();

        using var train = TableScanner.Scan(openTrain, data.Label, features, textColumns, sensitive, options, ct);
        using var validation = openValidation is null ? null : TableScanner.Scan(openValidation, data.Label, features, train.TextColumnsForOthers(), sensitive, options, ct);
        using var test = openTest is null ? null : TableScanner.Scan(openTest, data.Label, features, train.TextColumnsForOthers(), sensitive, options, ct);

        var trainRows = KeptRows(train, data.Missing, out var droppedTrain);
        var droppedValidation = 0;
        var validationRows = validation is null ? null : KeptRows(validation, data.Missing, out droppedValidation);
        var droppedTest = 0;
        var testRows = test is null ? null : KeptRows(test, data.Missing, out droppedTest);
        var testFromSplit = test is null && data.Split.Test > 0;
        if (testFromSplit)
        {
            (trainRows, testRows) = SplitRows(train, trainRows, spec, data.Split.Test);
            if (testRows.Length == 0)
            {
                throw DataError.File(DataErrorCodes.Empty, train.Path, "too few rows to hold out a test split (data.split.test); give data.test or more rows.");
            }
        }
        var fromSplit = validation is null;
        if (fromSplit)
        {
            (trainRows, validationRows) = SplitRows(train, trainRows, spec, TestSplit.ValidationShare(data.Split, testFromSplit));
        }
        if (trainRows.Length == 0)
        {
            throw DataError.File(DataErrorCodes.Empty, train.Path, "no training rows are left (the file is empty, or data.missing: drop removed every row).");
        }
        if (validationRows!.Length == 0)
        {
            throw DataError.File(DataErrorCodes.Empty, (validation ?? train).Path, "no validation rows are left (the file is empty, or data.missing: drop removed every row).");
        }

        var encoder = baseEncoder ?? StreamedEncoderFitter.Fit(train, Mark(train.Count, trainRows), features, data, openTrain, ct);
        var classList = ClassList.Resolve(classes, data.Classes, trainRows.Select(train.Label));
        var trainLabels = Labels(train, trainRows, classList, "training");
        ClassList.RequireSeveral(train.Path, classList, trainLabels);
        var validationTable = validation ?? train;
        var validationLabels = Labels(validationTable, validationRows, classList, "validation");
        ClassList.RequireSeenInTraining(validationTable.Path, Lines(validationTable, validationRows), validationLabels, classList, trainLabels, validationTable.LabelIndex + 1);
        var testTable = test ?? train;
        long[]? testLabels = null;
        if (testRows is not null)
        {
            testLabels = Labels(testTable, testRows, classList, "test");
            ClassList.RequireSeenInTraining(testTable.Path, Lines(testTable, testRows), testLabels, classList, trainLabels, testTable.LabelIndex + 1, "test");
        }

        var parts = new List<Part>
        {
            new("train", train, trainRows, droppedTrain, openTrain) { Labels = trainLabels },
            new("validation", validationTable, validationRows, droppedValidation, openValidation ?? openTrain) { Labels = validationLabels },
        };
        if (testRows is not null)
        {
            parts.Add(new("test", testTable, testRows, droppedTest, openTest ?? openTrain) { Labels = testLabels! });
        }
        var warnings = new List<Diagnostic>();
        var splits = EncodeParts(parts, encoder, data, options, required: true, warnings, ct);
        var infos = new List<DatasetInfo>
        {
            Describe(train, trainRows, fromSplit ? $"{Path.GetFileName(train.Path)} (training part of a seeded split)" : Path.GetFileName(train.Path), "training", trainLabels, classList, data, encoder),
            Describe(validationTable, validationRows, fromSplit ? $"{Path.GetFileName(train.Path)} (validation part of a seeded split, {Percent(data.Split.Validation)})" : Path.GetFileName(validationTable.Path), "validation", validationLabels, classList, data, encoder),
        };
        if (testRows is not null)
        {
            infos.Add(Describe(testTable, testRows, TestSplit.Name(new RawTable(testTable.Path, testTable.Columns, []), testFromSplit, data), "test", testLabels!, classList, data, encoder));
        }
        return new LoadedData(splits[0], splits[1], encoder, classList, infos) { Test = splits.Count > 2 ? splits[2] : null, Warnings = warnings };
    }

    public static (EncodedSplit, IReadOnlyList<DatasetInfo>) LoadForgetting(FineTuneSpec spec, ForgettingSpec forgetting, SourceLocation location, FeatureEncoder encoder, IReadOnlyList<string> classes, DataLoadOptions options, CancellationToken ct)
    {
        var data = spec.Data;
        DatasetLoader.RequireFile(forgetting.Data, "evaluation.forgetting.data", location);
        var open = Opener(data.Format, forgetting.Data, options, ct);
        var header = Header(open);
        ColumnCheck.RequireLabel(header, data.Label);
        var features = ColumnCheck.Features(header, data, encoder);
        var textColumns = encoder.Columns.Select(c => c.Kind == FeatureKind.Categorical).ToArray();
        using var table = TableScanner.Scan(open, data.Label, features, textColumns, FeatureSelection.SensitiveSourceColumns(header.Columns, data.Sensitive), options, ct);
        var rows = KeptRows(table, data.Missing, out var dropped);
        var labels = Labels(table, rows, classes, "forgetting");
        var split = EncodeParts([new Part("forgetting", table, rows, dropped, open) { Labels = labels }], encoder, data, options, required: false, warnings: null, ct)[0];
        return (split, [Describe(table, rows, Path.GetFileName(table.Path), "forgetting", labels, classes, data, encoder)]);
    }

    /// <summary>One split to encode: rows of a scanned table.</summary>
    private sealed record Part(string Name, ScannedTable Table, int[] Rows, int Dropped, Func<TableRows> Reopen)
    {
        public required long[] Labels { get; init; }
    }

    /// <summary>Encodes every part, one spill read per file; then, split by split, throws its first bad cell or computes its sensitive groups (the order of the in-memory loader).</summary>
    private static List<EncodedSplit> EncodeParts(List<Part> parts, FeatureEncoder encoder, DataSpec data, DataLoadOptions options, bool required, List<Diagnostic>? warnings, CancellationToken ct)
    {
        var outOfCore = OutOfCore(data.OutOfCore, parts.Sum(p => (long)p.Rows.Length * encoder.FeaturesPerSample * sizeof(float)));
        if (!outOfCore)
        {
            // Checked per file (all its rows, as the reader once did), so that a file cut into splits is judged whole.
            foreach (var table in parts.Select(p => p.Table).Distinct())
            {
                options.EnsureFits(table.Path, table.Count, encoder.FeaturesPerSample);
            }
        }
        FeatureSink[] sinks = outOfCore
            ? [.. parts.Select(_ => new EncodedRowsFile(encoder.FeaturesPerSample))]
            : [.. parts.Select(p => new ArraySink(new float[(long)p.Rows.Length * encoder.FeaturesPerSample]))];
        var results = new StreamedEncoder.SplitResult[parts.Count];
        foreach (var table in parts.Select(p => p.Table).Distinct())
        {
            var splitOf = Enumerable.Repeat(-1, table.Count).ToArray();
            var mine = Enumerable.Range(0, parts.Count).Where(i => parts[i].Table == table).ToArray();
            for (var k = 0; k < mine.Length; k++)
            {
                foreach (var row in parts[mine[k]].Rows)
                {
                    splitOf[row] = k;
                }
            }
            var encoded = StreamedEncoder.Encode(table, splitOf, [.. mine.Select(i => sinks[i])], encoder, data.Missing, parts[mine[0]].Reopen, ct);
            for (var k = 0; k < mine.Length; k++)
            {
                results[mine[k]] = encoded[k];
            }
        }
        var splits = new List<EncodedSplit>(parts.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            results[i].ThrowIfFailed();
            var groups = part.Table.Sensitive is { } sensitive
                ? SensitiveGroups.Compute(sensitive.WithRows([.. part.Rows.Select(r => sensitive.Rows[r])]), data.Sensitive, required, i == 0 ? warnings : null)
                : [];
            (sinks[i] as EncodedRowsFile)?.Complete();
            splits.Add(new EncodedSplit(part.Name, (sinks[i] as ArraySink)?.Features ?? [], encoder.SampleShape, part.Labels, groups)
            {
                RowSource = sinks[i] as EncodedRowsFile,
                DroppedRows = part.Dropped,
                UnseenCategoryValues = results[i].UnseenCategories,
                SourceLines = Lines(part.Table, part.Rows),
            });
        }
        return splits;
    }

    /// <summary>data.out_of_core: auto goes out of core when the encoded splits would take more than a quarter of the memory the process may use.</summary>
    internal static bool OutOfCore(OutOfCoreMode mode, long encodedBytes) => mode switch
    {
        OutOfCoreMode.Always => true,
        OutOfCoreMode.Never => false,
        _ => encodedBytes > GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4,
    };

    /// <summary>data.missing on whole rows: a missing label is an error unless the policy is drop; under drop, rows missing a label or a feature are left out and counted.</summary>
    private static int[] KeptRows(ScannedTable table, MissingValuePolicy policy, out int dropped)
    {
        dropped = 0;
        if (policy != MissingValuePolicy.Drop)
        {
            var missing = Array.IndexOf(table.LabelIds, -1);
            if (missing >= 0)
            {
                throw DataError.Cell(DataErrorCodes.MissingValue, table.Path, table.Lines[missing], table.Columns, table.LabelIndex,
                    "the label is missing. Fill it in, or set data.missing to 'drop' to skip unlabelled rows (labels are never imputed).");
            }
            return [.. Enumerable.Range(0, table.Count)];
        }
        var kept = new List<int>(table.Count);
        for (var r = 0; r < table.Count; r++)
        {
            if (table.LabelIds[r] < 0 || table.FeatureMissing[r])
            {
                dropped++;
            }
            else
            {
                kept.Add(r);
            }
        }
        return [.. kept];
    }

    /// <summary>The seeded (stratified) split of <paramref name="rows"/>; <paramref name="fraction"/> of them go to the second part. Both keep file order.</summary>
    private static (int[] Kept, int[] Held) SplitRows(ScannedTable table, int[] rows, FineTuneSpec spec, double fraction)
    {
        var (kept, held) = StratifiedSplitter.Split([.. rows.Select(r => table.LabelIds[r])], table.LabelNames, fraction, spec.Seed, spec.Data.Split.Stratify);
        return ([.. kept.Select(i => rows[i])], [.. held.Select(i => rows[i])]);
    }

    /// <summary>Label indices of rows; a label outside the class list is an error on its line.</summary>
    private static long[] Labels(ScannedTable table, int[] rows, IReadOnlyList<string> classes, string context)
    {
        var lookup = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => (long)p.i, StringComparer.Ordinal);
        var byId = table.LabelNames.Select(n => lookup.TryGetValue(n, out var i) ? i : -1).ToArray();
        var labels = new long[rows.Length];
        for (var k = 0; k < rows.Length; k++)
        {
            labels[k] = byId[table.LabelIds[rows[k]]];
            if (labels[k] < 0)
            {
                var label = table.Label(rows[k]);
                throw DataError.Cell(DataErrorCodes.UnseenLabel, table.Path, table.Lines[rows[k]], table.Columns, table.LabelIndex, string.Create(CultureInfo.InvariantCulture,
                    $"{context} label '{label}' is not one of the classes [{string.Join(", ", classes)}]. The classes come from the base model's head (head: keep), else data.classes, else the training labels; fix the label or that list."));
            }
        }
        return labels;
    }

    private static int[] Lines(ScannedTable table, int[] rows) => [.. rows.Select(r => table.Lines[r])];

    private static bool[] Mark(int count, int[] rows)
    {
        var marked = new bool[count];
        foreach (var row in rows)
        {
            marked[row] = true;
        }
        return marked;
    }

    private static DatasetInfo Describe(ScannedTable table, int[] rows, string name, string context, long[] labels, IReadOnlyList<string> classes, DataSpec data, FeatureEncoder encoder) =>
        TabularProfile.Describe(table.Path, table.Sha256, table.Columns, rows.Length, name, context, labels, classes, data, encoder);

    /// <summary>Only the header, for the column checks made before any row is read.</summary>
    private static RawTable Header(Func<TableRows> open)
    {
        using var rows = open();
        return new RawTable(rows.Path, rows.Columns, []);
    }

    private static Func<TableRows> Opener(FineTuneSpec spec, string path, string what, DataLoadOptions options, CancellationToken ct)
    {
        DatasetLoader.RequireFile(path, what, DatasetLoader.SpecLocation(spec));
        return Opener(spec.Data.Format, path, options, ct);
    }

    private static Func<TableRows> Opener(DataFormat format, string path, DataLoadOptions options, CancellationToken ct) =>
        DataFormatLoaders.Of(format) is TableFormatLoader table
            ? () => table.Open(path, options, ct)
            : throw new ArgumentOutOfRangeException(nameof(format), format, "not a format of rows with named columns");

    internal static (RawTable Train, RawTable Validation) SplitRows(RawTable table, int labelIndex, FineTuneSpec spec) =>
        SplitRows(table, labelIndex, spec, spec.Data.Split.Validation);

    /// <param name="fraction">The share of <paramref name="table"/>'s rows that goes to the second part.</param>
    internal static (RawTable Train, RawTable Held) SplitRows(RawTable table, int labelIndex, FineTuneSpec spec, double fraction)
    {
        var labels = table.Rows.Select(r => r.Cells[labelIndex]!.Trim()).ToList();
        var (trainRows, validationRows) = StratifiedSplitter.Split(labels, fraction, spec.Seed, spec.Data.Split.Stratify);
        return (table.WithRows([.. trainRows.Select(i => table.Rows[i])]), table.WithRows([.. validationRows.Select(i => table.Rows[i])]));
    }

    internal static string Percent(double fraction) => (fraction * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    /// <summary>A whole file in memory (text data).</summary>
    internal static RawTable Read(DataFormat format, string path, DataLoadOptions options, CancellationToken ct) =>
        DataFormatLoaders.Of(format) is TableFormatLoader table
            ? table.Read(path, options, ct)
            : throw new ArgumentOutOfRangeException(nameof(format), format, "not a format of rows with named columns");
}
