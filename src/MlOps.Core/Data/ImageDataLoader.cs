using System.Globalization;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.IO;
using MlOps.Core.Pipeline;
using MlOps.Specs.Model;

namespace MlOps.Core.Data;

/// <summary>
/// IDX images: pixels / 255, then (x − mean) / std with one scalar mean and std over the training
/// images. Label byte k is class k: data.classes[k] when given, else "0" … the largest training label.
/// "Row" in messages is the 1-based item number in the file.
/// </summary>
internal static class ImageDataLoader
{
    public static LoadedData Load(FineTuneSpec spec, DataLoadOptions options, FeatureEncoder? baseEncoder, IReadOnlyList<string>? classes, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var data = spec.Data;
        if (data.Sensitive.Count > 0)
        {
            throw DataError.Spec(DataErrorCodes.BadSetting, DatasetLoader.SpecLocation(spec),
                "data.sensitive needs tabular data (csv or jsonl) with the attribute's columns; IDX images carry none. Remove data.sensitive, or give the groups as a tabular file.");
        }
        if (data.Test is not null || data.Split.Test > 0)
        {
            throw DataError.Spec(DataErrorCodes.BadSetting, DatasetLoader.SpecLocation(spec),
                "a test split (data.test, data.split.test) is not read for IDX images yet; remove it (the gates then use the validation split), or give the data as CSV/JSONL.");
        }
        var train = ReadPair(data.Train, data.TrainLabels, "data.train", DatasetLoader.SpecLocation(spec), options);
        ct.ThrowIfCancellationRequested();
        ImageSet validation;
        var fromSplit = data.Validation is null;
        if (fromSplit)
        {
            var (trainItems, validationItems) = StratifiedSplitter.Split([.. train.Items.Select(i => train.LabelBytes[i].ToString(CultureInfo.InvariantCulture))], data.Split.Validation, spec.Seed, data.Split.Stratify);
            if (validationItems.Length == 0)
            {
                throw DataError.File(DataErrorCodes.Empty, data.Train, "too few images to split off a validation set; give data.validation or more images.");
            }
            (train, validation) = (train.Subset(trainItems), train.Subset(validationItems));
        }
        else
        {
            validation = ReadPair(data.Validation!, data.ValidationLabels, "data.validation", DatasetLoader.SpecLocation(spec), options);
        }
        var encoder = baseEncoder ?? Fit(train);
        RequireShape(encoder, train);
        RequireShape(encoder, validation);
        var classList = classes is { Count: > 0 } ? classes
            : data.Classes.Count > 0 ? data.Classes
            : [.. Enumerable.Range(0, train.Items.Max(i => train.LabelBytes[i]) + 1).Select(k => k.ToString(CultureInfo.InvariantCulture))];
        var trainLabels = Labels(train, classList);
        ClassList.RequireSeveral(train.LabelsPath, classList, trainLabels);
        var validationLabels = Labels(validation, classList);
        ClassList.RequireSeenInTraining(validation.LabelsPath, [.. validation.Items.Select(i => i + 1)], validationLabels, classList, trainLabels, 1);
        var infos = new List<DatasetInfo>();
        infos.AddRange(Describe(train, "training", fromSplit ? " (training part of a seeded split)" : "", trainLabels, classList));
        infos.AddRange(Describe(validation, "validation", fromSplit ? $" (validation part of a seeded split, {TabularDataLoader.Percent(data.Split.Validation)})" : "", validationLabels, classList));
        return new LoadedData(Encode("train", train, encoder, trainLabels), Encode("validation", validation, encoder, validationLabels), encoder, classList, infos);
    }

    public static (EncodedSplit, IReadOnlyList<DatasetInfo>) LoadForgetting(ForgettingSpec forgetting, SourceLocation location, FeatureEncoder encoder, IReadOnlyList<string> classes, DataLoadOptions options)
    {
        var set = ReadPair(forgetting.Data, forgetting.Labels, "evaluation.forgetting", location, options);
        RequireShape(encoder, set);
        var labels = Labels(set, classes);
        return (Encode("forgetting", set, encoder, labels), [.. Describe(set, "forgetting", "", labels, classes)]);
    }

    private static ImageSet ReadPair(string images, string? labels, string what, SourceLocation specLocation, DataLoadOptions options)
    {
        DatasetLoader.RequireFile(images, what, specLocation);
        if (labels is null)
        {
            throw DataError.Spec(DataErrorCodes.LabelsMismatch, specLocation, $"{what} is an IDX images file; its labels file must be given too ({what}_labels, or labels: for forgetting data).");
        }
        DatasetLoader.RequireFile(labels, what + " labels", specLocation);
        var pixels = IdxReader.ReadImages(images, options);
        var labelBytes = IdxReader.ReadLabels(labels);
        if (labelBytes.Length != pixels.Count)
        {
            throw DataError.File(DataErrorCodes.LabelsMismatch, labels, string.Create(CultureInfo.InvariantCulture,
                $"holds {labelBytes.Length} labels but {images} holds {pixels.Count} images; they must pair up one to one."));
        }
        return new ImageSet(pixels, labelBytes, labels, [.. Enumerable.Range(0, pixels.Count)]);
    }

    private static FeatureEncoder Fit(ImageSet train)
    {
        double sum = 0, sumSquares = 0;
        long n = 0;
        foreach (var item in train.Items)
        {
            foreach (var b in train.Pixels(item))
            {
                var x = b / 255.0;
                sum += x;
                sumSquares += x * x;
                n++;
            }
        }
        var mean = sum / n;
        var std = Math.Sqrt(Math.Max(0, (sumSquares / n) - (mean * mean)));
        return FeatureEncoder.Image(1, train.Images.Rows, train.Images.Cols, mean, std > 1e-12 ? std : 1);
    }

    private static void RequireShape(FeatureEncoder encoder, ImageSet set)
    {
        if (!encoder.IsImage || encoder.SampleShape[1] != set.Images.Rows || encoder.SampleShape[2] != set.Images.Cols)
        {
            throw DataError.File(DataErrorCodes.EncoderMismatch, set.Images.Path, string.Create(CultureInfo.InvariantCulture,
                $"the images are {set.Images.Rows}×{set.Images.Cols}, but the model expects {(encoder.IsImage ? $"{encoder.SampleShape[1]}×{encoder.SampleShape[2]} images" : "tabular data")}."));
        }
    }

    private static long[] Labels(ImageSet set, IReadOnlyList<string> classes)
    {
        var labels = new long[set.Items.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            var item = set.Items[i];
            labels[i] = set.LabelBytes[item];
            if (labels[i] >= classes.Count)
            {
                throw DataError.At(DataErrorCodes.UnseenLabel, set.LabelsPath, item + 1, 1, string.Create(CultureInfo.InvariantCulture,
                    $"item {item + 1} has label {labels[i]}, but there are only {classes.Count} classes [{string.Join(", ", classes)}]. List every class under data.classes."));
            }
        }
        return labels;
    }

    private static EncodedSplit Encode(string name, ImageSet set, FeatureEncoder encoder, long[] labels)
    {
        var size = set.Images.Rows * set.Images.Cols;
        var features = new float[(long)set.Items.Length * size];
        float mean = (float)encoder.PixelMean, scale = (float)(1 / encoder.PixelStd);
        for (var i = 0; i < set.Items.Length; i++)
        {
            var source = set.Pixels(set.Items[i]);
            var target = features.AsSpan(i * size, size);
            for (var p = 0; p < size; p++)
            {
                target[p] = ((source[p] / 255f) - mean) * scale;
            }
        }
        return new EncodedSplit(name, features, encoder.SampleShape, labels, new Dictionary<string, string[]>());
    }

    private static IEnumerable<DatasetInfo> Describe(ImageSet set, string context, string suffix, long[] labels, IReadOnlyList<string> classes)
    {
        var counts = TabularProfile.CountClasses(labels, classes);
        var shape = string.Create(CultureInfo.InvariantCulture, $"images:1x{set.Images.Rows}x{set.Images.Cols} uint8");
        yield return new DatasetInfo(Path.GetFileName(set.Images.Path) + suffix, context, set.Images.Path, FileDigest.Sha256(set.Images.Path), labels.Length, set.Images.Rows * set.Images.Cols, counts, [shape]);
        yield return new DatasetInfo(Path.GetFileName(set.LabelsPath) + suffix, context, set.LabelsPath, FileDigest.Sha256(set.LabelsPath), labels.Length, 1, counts, ["labels:uint8"]);
    }

    /// <summary>Images with their labels; Items selects (and orders) the items of a split.</summary>
    private sealed record ImageSet(IdxImages Images, byte[] LabelBytes, string LabelsPath, int[] Items)
    {
        public ReadOnlySpan<byte> Pixels(int item) => Images.Pixels.AsSpan(item * Images.Rows * Images.Cols, Images.Rows * Images.Cols);

        public ImageSet Subset(int[] positions) => this with { Items = [.. positions.Select(p => Items[p])] };
    }
}
