using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.IO;
using MlOps.Imaging;
using MlOps.Specs.Model;

namespace MlOps.Core.Data;

/// <summary>
/// Image files (format: imagefolder or images): list the pictures, decode each once to find the
/// unreadable ones (an error naming the file, or left out and counted under data.skip_unreadable),
/// split, index the classes, and hand each split to the trainer as an <see cref="ImageFileRows"/>
/// source: pictures are decoded again per batch, on background threads, never all held in memory.
/// </summary>
internal static class ImageFileDataLoader
{
    public static LoadedData Load(FineTuneSpec spec, DataLoadOptions options, FeatureEncoder? baseEncoder, IReadOnlyList<string>? classes, CancellationToken ct)
    {
        var data = spec.Data;
        var where = DatasetLoader.SpecLocation(spec);
        if (data.Format == DataFormat.ImageFolder && data.Sensitive.Count > 0)
        {
            throw DataError.Spec(DataErrorCodes.ImageSettingUnsupported, where,
                "data.sensitive needs columns, and an image folder has none: give the pictures as format: images, a manifest with a column per attribute.");
        }
        var preprocessing = ImagePreprocessingChoice.Resolve(data, baseEncoder, where);
        var encoder = FeatureEncoder.ImageFiles(preprocessing);
        var warnings = new List<Diagnostic>();
        var (train, trainSkipped) = Readable(data, ImageFileTable.Read(data, data.Train, "data.train", options, ct), warnings, ct);
        var (validation, validationSkipped) = data.Validation is null ? (null, 0) : Readable(data, ImageFileTable.Read(data, data.Validation, "data.validation", options, ct), warnings, ct);
        var (test, testSkipped) = data.Test is null ? (null, 0) : Readable(data, ImageFileTable.Read(data, data.Test, "data.test", options, ct), warnings, ct);
        var labelIndex = ColumnCheck.RequireLabel(train, data.Label);

        var testFromSplit = test is null && data.Split.Test > 0;
        (train, test) = testFromSplit ? TestSplit.Take(train, labelIndex, spec) : (train, test);
        var fromSplit = validation is null;
        (train, validation) = validation is null ? TabularDataLoader.SplitRows(train, labelIndex, spec, TestSplit.ValidationShare(data.Split, testFromSplit)) : (train, validation);
        if (validation.Rows.Count == 0)
        {
            throw DataError.File(DataErrorCodes.Empty, data.Train, "too few images to split off a validation set; give data.validation or more images.");
        }

        var classList = ClassList.Resolve(classes, data.Classes, train.Rows.Select(r => r.Cells[labelIndex]!.Trim()));
        var trainLabels = Labels(train, data, classList, "training");
        ClassList.RequireSeveral(train.Path, classList, trainLabels);
        var validationLabels = Labels(validation, data, classList, "validation");
        RequireSeen(validation, data, validationLabels, classList, trainLabels, "validation");
        var testLabels = test is null ? null : Labels(test, data, classList, "test");
        if (test is not null)
        {
            RequireSeen(test, data, testLabels!, classList, trainLabels, "test");
        }

        var augmentations = ImagePreprocessingChoice.Augmentations(data);
        var infos = new List<DatasetInfo>
        {
            Describe(train, fromSplit ? " (training part of a seeded split)" : "", "training", trainLabels, classList, data, encoder, trainSkipped),
            Describe(validation, fromSplit ? $" (validation part of a seeded split, {TabularDataLoader.Percent(data.Split.Validation)})" : "", "validation", validationLabels, classList, data, encoder, validationSkipped),
        };
        if (test is not null)
        {
            infos.Add(Describe(test, testFromSplit ? $" (test part of a seeded split, {TabularDataLoader.Percent(data.Split.Test)})" : "", "test", testLabels!, classList, data, encoder, testSkipped));
        }
        return new LoadedData(
            Split("train", train, trainLabels, data, preprocessing, augmentations, required: true, warnings, trainSkipped),
            Split("validation", validation, validationLabels, data, preprocessing, augmentations, required: true, null, validationSkipped),
            encoder, classList, infos)
        {
            Test = test is null ? null : Split("test", test, testLabels!, data, preprocessing, augmentations, required: true, null, testSkipped),
            Warnings = warnings,
        };
    }

    public static (EncodedSplit, IReadOnlyList<DatasetInfo>) LoadForgetting(DataSpec data, ForgettingSpec forgetting, FeatureEncoder encoder, IReadOnlyList<string> classes, DataLoadOptions options, CancellationToken ct)
    {
        var preprocessing = encoder.Preprocessing
            ?? throw DataError.File(DataErrorCodes.EncoderMismatch, forgetting.Data, "the model was not trained on image files, so image forgetting data cannot be encoded for it.");
        var (table, skipped) = Readable(data, ImageFileTable.Read(data, forgetting.Data, "evaluation.forgetting.data", options, ct), warnings: null, ct);
        var labels = Labels(table, data, classes, "forgetting");
        return (Split("forgetting", table, labels, data, preprocessing, [], required: false, null, skipped), [Describe(table, "", "forgetting", labels, classes, data, encoder, skipped)]);
    }

    /// <summary>The table without its unreadable pictures (data.skip_unreadable), or an error naming the first.</summary>
    private static (RawTable Table, int Skipped) Readable(DataSpec data, RawTable table, List<Diagnostic>? warnings, CancellationToken ct)
    {
        var pathIndex = table.IndexOf(ImageFileTable.PathColumn(data));
        var bad = ImageFileTable.Unreadable(table, pathIndex, ct);
        if (bad.Count == 0)
        {
            return (table, 0);
        }
        var (row, why) = bad[0];
        var file = row.Cells[pathIndex]!;
        if (!data.SkipUnreadable)
        {
            var others = bad.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" ({bad.Count - 1} more unreadable file(s) after it)") : "";
            throw DataError.File(DataErrorCodes.ImageUnreadable, file,
                $"{why}{others}. Replace or remove the file, or set data.skip_unreadable: true to leave unreadable pictures out (they are counted in the report).");
        }
        var skipped = bad.Select(b => b.Row).ToHashSet();
        var kept = table.WithRows([.. table.Rows.Where(r => !skipped.Contains(r))]);
        warnings?.Add(Diagnostic.Warning(DataErrorCodes.ImageUnreadable, string.Create(CultureInfo.InvariantCulture,
            $"{bad.Count} unreadable picture(s) left out of {Path.GetFileName(table.Path)} (data.skip_unreadable), first: {file}: {why}"), SourceLocation.None(table.Path)));
        if (data.Format == DataFormat.ImageFolder)
        {
            var labelIndex = table.IndexOf(data.Label);
            foreach (var lost in table.Rows.Select(r => r.Cells[labelIndex]!).Distinct().Except(kept.Rows.Select(r => r.Cells[labelIndex]!)))
            {
                throw DataError.File(DataErrorCodes.ImageClassFolderEmpty, Path.Combine(table.Path, lost), $"class folder '{lost}' holds no readable images; add some, or remove the folder.");
            }
        }
        return (kept, bad.Count);
    }

    private static long[] Labels(RawTable table, DataSpec data, IReadOnlyList<string> classes, string context)
    {
        if (data.Format != DataFormat.ImageFolder)
        {
            return ClassList.Index(table, data.Label, classes, context);
        }
        var lookup = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => (long)p.i, StringComparer.Ordinal);
        var labelIndex = table.IndexOf(data.Label);
        return [.. table.Rows.Select(r => lookup.TryGetValue(r.Cells[labelIndex]!, out var k) ? k
            : throw DataError.File(context == "training" ? DataErrorCodes.UnseenLabel : DataErrorCodes.ImageClassNotInTraining, Path.Combine(table.Path, r.Cells[labelIndex]!),
                $"{context} class folder '{r.Cells[labelIndex]}' is not one of the classes [{string.Join(", ", classes)}]{(context == "training" ? " (the base model's head or data.classes)" : ", which training has")}; rename or remove the folder, or add the class to training.")) ];
    }

    private static void RequireSeen(RawTable table, DataSpec data, long[] labels, IReadOnlyList<string> classes, long[] trainLabels, string context)
    {
        var seen = trainLabels.ToHashSet();
        var labelIndex = table.IndexOf(data.Label);
        for (var i = 0; i < labels.Length; i++)
        {
            if (seen.Contains(labels[i]))
            {
                continue;
            }
            var row = table.Rows[i];
            throw data.Format == DataFormat.ImageFolder
                ? DataError.File(DataErrorCodes.ImageClassNotInTraining, Path.Combine(table.Path, classes[(int)labels[i]]),
                    $"{context} class '{classes[(int)labels[i]]}' has no training images; the model cannot learn it. Add training images of it, or remove the folder.")
                : DataError.Cell(DataErrorCodes.UnseenLabel, table.Path, row.Line, table.Columns, labelIndex,
                    $"{context} label '{classes[(int)labels[i]]}' has no training images; the model cannot learn it. Add training images of it, or remove the row.");
        }
    }

    private static EncodedSplit Split(string name, RawTable table, long[] labels, DataSpec data, ImagePreprocessing preprocessing, IReadOnlyList<ImageAugmentation> augmentations, bool required, List<Diagnostic>? warnings, int skipped)
    {
        var pathIndex = table.IndexOf(ImageFileTable.PathColumn(data));
        var groups = data.Format == DataFormat.ImageFolder ? [] : SensitiveGroups.Compute(table, data.Sensitive, required, warnings);
        return new EncodedSplit(name, [], preprocessing.SampleShape, labels, groups)
        {
            RowSource = new ImageFileRows([.. table.Rows.Select(r => r.Cells[pathIndex]!)], preprocessing, augmentations),
            SourceLines = [.. table.Rows.Select(r => r.Line)],
            DroppedRows = skipped,
        };
    }

    /// <summary>One digest over the split's pictures (each file's relative path and SHA-256); unreadable pictures left out are counted in the name.</summary>
    private static DatasetInfo Describe(RawTable table, string suffix, string context, long[] labels, IReadOnlyList<string> classes, DataSpec data, FeatureEncoder encoder, int skipped)
    {
        var pathIndex = table.IndexOf(ImageFileTable.PathColumn(data));
        var text = new StringBuilder();
        foreach (var row in table.Rows)
        {
            var file = row.Cells[pathIndex]!;
            text.Append(Path.GetRelativePath(table.Path is var p && Directory.Exists(p) ? p : Path.GetDirectoryName(p)!, file).Replace('\\', '/')).Append(' ').AppendLine(FileDigest.Sha256(file));
        }
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
        var left = skipped > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({skipped} unreadable picture(s) left out)") : "";
        var shape = string.Join("x", encoder.SampleShape);
        return new DatasetInfo(Path.GetFileName(table.Path) + suffix + left, context, table.Path, digest, labels.Length, encoder.FeaturesPerSample,
            TabularProfile.CountClasses(labels, classes), [$"images:{shape} float", $"label:{data.Label}"]);
    }
}
