using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MlOps.Audio;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.IO;
using MlOps.Specs.Model;

namespace MlOps.Core.Data.Audio;

/// <summary>
/// Audio data (format audiofolder or audio): clips as table rows (<see cref="AudioClipTable"/>), split,
/// labelled and grouped like CSV rows, then each clip decoded, resampled, fixed in length and turned
/// into a log-mel spectrogram on all cores; standardised by one scalar mean and std of the training
/// spectrograms. Augmented copies (data.audio.augment) join the training split only.
/// </summary>
/// <remarks>
/// The features are computed here, at load time, into the ordinary encoded split. When the trainer
/// gains a per-batch transform seam, <see cref="ExtractSplit"/> is what moves behind it.
/// </remarks>
internal static class AudioDataLoader
{
    private const int NamedSilentClips = 3;

    public static LoadedData Load(FineTuneSpec spec, DataLoadOptions options, FeatureEncoder? baseEncoder, IReadOnlyList<string>? classes, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var data = spec.Data;
        var audio = data.Audio ?? new AudioSpec();
        var location = DatasetLoader.SpecLocation(spec);
        RequireSameLayout(baseEncoder, audio, location);
        var labelColumn = LabelColumn(data);
        var train = Read(data, data.Train, "data.train", location, options, ct);
        var validation = data.Validation is { } v ? Read(data, v, "data.validation", location, options, ct) : null;
        var test = data.Test is { } t ? Read(data, t, "data.test", location, options, ct) : null;
        var labelIndex = ColumnCheck.RequireLabel(train, labelColumn);
        var testFromSplit = test is null && data.Split.Test > 0;
        (train, test) = testFromSplit ? TestSplit.Take(train, labelIndex, spec) : (train, test);
        var fromSplit = validation is null;
        (train, validation) = validation is null ? TabularDataLoader.SplitRows(train, labelIndex, spec, TestSplit.ValidationShare(data.Split, testFromSplit)) : (train, validation);
        if (train.Rows.Count == 0 || validation.Rows.Count == 0)
        {
            throw DataError.File(DataErrorCodes.Empty, train.Rows.Count == 0 ? train.Path : validation.Path, "no clips are left for this split; add clips, or give data.validation.");
        }
        var classList = ClassList.Resolve(classes, data.Classes, train.Rows.Select(r => r.Cells[labelIndex]!.Trim()));
        var trainLabels = ClassList.Index(train, labelColumn, classList, "training");
        ClassList.RequireSeveral(train.Path, classList, trainLabels);
        var validationLabels = ClassList.Index(validation, labelColumn, classList, "validation");
        ClassList.RequireSeenInTraining(validation.Path, [.. validation.Rows.Select(r => r.Line)], validationLabels, classList, trainLabels, validation.IndexOf(labelColumn) + 1);
        var testLabels = test is null ? null : TestSplit.Labels(test, labelColumn, classList, trainLabels);

        var extractor = new AudioFeatureExtractor(AudioLayout.Of(audio).ToSettings());
        var augmenter = audio.Augment is { } augment ? new AudioAugmenter(augment, audio.SampleRate, Noises(augment, extractor)) : null;
        var silent = new List<string>();
        var threads = spec.Training.Threads ?? Environment.ProcessorCount;
        var trainFeatures = ExtractSplit(train, data, extractor, augmenter, spec.Seed, threads, silent, options, ct);
        var encoder = baseEncoder ?? Fit(audio, extractor, trainFeatures.Original);
        var warnings = new List<Diagnostic>();
        var trainSplit = Encode("train", train, trainLabels, trainFeatures, encoder, augmenter, spec, required: true, warnings);
        var validationSplit = Encode("validation", validation, validationLabels, ExtractSplit(validation, data, extractor, null, spec.Seed, threads, silent, options, ct), encoder, null, spec, required: true, null);
        var testSplit = test is null ? null : Encode("test", test, testLabels!, ExtractSplit(test, data, extractor, null, spec.Seed, threads, silent, options, ct), encoder, null, spec, required: true, null);
        if (silent.Count > 0)
        {
            warnings.Add(SilenceWarning(silent, train.Rows.Count + validation.Rows.Count + (test?.Rows.Count ?? 0), location));
        }
        var infos = new List<DatasetInfo>
        {
            Describe(train, fromSplit ? " (training part of a seeded split)" : "", "training", trainLabels, classList, extractor),
            Describe(validation, fromSplit ? $" (validation part of a seeded split, {TabularDataLoader.Percent(data.Split.Validation)})" : "", "validation", validationLabels, classList, extractor),
        };
        if (test is not null)
        {
            infos.Add(Describe(test, testFromSplit ? " (test part of a seeded split)" : "", "test", testLabels!, classList, extractor));
        }
        return new LoadedData(trainSplit, validationSplit, encoder, classList, infos)
        {
            Test = testSplit,
            Warnings = warnings,
            AudioExamples = Examples(trainSplit, classList, encoder),
        };
    }

    public static (EncodedSplit, IReadOnlyList<DatasetInfo>) LoadForgetting(FineTuneSpec spec, ForgettingSpec forgetting, SourceLocation location, FeatureEncoder encoder, IReadOnlyList<string> classes, DataLoadOptions options, CancellationToken ct)
    {
        var data = spec.Data;
        var audio = data.Audio ?? new AudioSpec();
        RequireSameLayout(encoder, audio, location);
        var table = Read(data, forgetting.Data, "evaluation.forgetting.data", location, options, ct);
        ColumnCheck.RequireLabel(table, LabelColumn(data));
        var labels = ClassList.Index(table, LabelColumn(data), classes, "forgetting");
        var extractor = new AudioFeatureExtractor(AudioLayout.Of(audio).ToSettings());
        var features = ExtractSplit(table, data, extractor, null, spec.Seed, spec.Training.Threads ?? Environment.ProcessorCount, [], options, ct);
        var split = Encode("forgetting", table, labels, features, encoder, null, spec, required: false, null);
        return (split, [Describe(table, "", "forgetting", labels, classes, extractor)]);
    }

    private static string LabelColumn(DataSpec data) => data.Format == DataFormat.AudioFolder ? AudioClipTable.FolderLabelColumn : data.Label;

    private static string PathColumn(DataSpec data) => data.Format == DataFormat.AudioFolder ? AudioClipTable.FolderPathColumn : (data.Audio ?? new AudioSpec()).PathColumn;

    private static RawTable Read(DataSpec data, string path, string what, SourceLocation location, DataLoadOptions options, CancellationToken ct)
    {
        if (data.Format == DataFormat.AudioFolder)
        {
            if (!Directory.Exists(path))
            {
                throw DataError.Spec(DataErrorCodes.FileNotFound, location, $"{what} folder '{path}' does not exist.");
            }
            return AudioClipTable.FromFolder(path);
        }
        DatasetLoader.RequireFile(path, what, location);
        return AudioClipTable.FromManifest(path, PathColumn(data), options, ct);
    }

    /// <summary>A base model made from other log-mel settings would read this data wrong.</summary>
    private static void RequireSameLayout(FeatureEncoder? encoder, AudioSpec audio, SourceLocation location)
    {
        if (encoder is null)
        {
            return;
        }
        var wanted = AudioLayout.Of(audio);
        if (encoder.Audio != wanted)
        {
            throw DataError.Spec(DataErrorCodes.AudioSettingsMismatch, audio.Location ?? location, encoder.Audio is { } had
                ? $"the base model was trained on log-mel spectrograms of {had}, but data.audio asks for {wanted}; use the base model's settings in data.audio."
                : "the base model was not trained on audio; use an audio base model (trained with format: audiofolder or audio), or base.checkpoint: none.");
        }
    }

    /// <summary>Features of one split: the original clips and, for training, the augmented copies (copy c of row i at row (c + 1)·rows + i).</summary>
    private sealed record SplitFeatures(float[] Original, float[] Copies, int CopyCount);

    private static SplitFeatures ExtractSplit(RawTable table, DataSpec data, AudioFeatureExtractor extractor, AudioAugmenter? augmenter,
        int seed, int threads, List<string> silent, DataLoadOptions options, CancellationToken ct)
    {
        var rows = table.Rows.Count;
        var size = extractor.FeaturesPerClip;
        var copies = augmenter?.Spec.Copies ?? 0;
        options.EnsureFits(table.Path, (long)rows * (copies + 1), size);
        var original = new float[(long)rows * size];
        var augmented = new float[(long)rows * copies * size];
        var pathIndex = table.IndexOf(PathColumn(data));
        var failures = new MlOpsException?[rows];
        var silentRows = new bool[rows];
        Parallel.For(0, rows, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = ct }, i =>
        {
            var path = table.Rows[i].Cells[pathIndex]!;
            float[] waveform;
            try
            {
                waveform = extractor.Waveform(path);
            }
            catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException or UnauthorizedAccessException)
            {
                failures[i] = ClipError(e, table, i, pathIndex, data.Format);
                return;
            }
            silentRows[i] = AudioFeatureExtractor.IsSilent(waveform);
            extractor.LogMel(waveform, original.AsSpan(i * size, size));
            for (var c = 0; c < copies; c++)
            {
                var random = AudioAugmenter.RandomFor(seed, i, c);
                extractor.LogMel(augmenter!.Waveform(waveform, random), augmented.AsSpan(((c * rows) + i) * size, size));
            }
        });
        if (failures.FirstOrDefault(f => f is not null) is { } failure)
        {
            throw failure;
        }
        lock (silent)
        {
            silent.AddRange(Enumerable.Range(0, rows).Where(i => silentRows[i]).Select(i => table.Rows[i].Cells[pathIndex]!));
        }
        return new SplitFeatures(original, augmented, copies);
    }

    private static MlOpsException ClipError(Exception e, RawTable table, int row, int pathIndex, DataFormat format)
    {
        var code = e is NotSupportedException ? DataErrorCodes.AudioUnsupported : DataErrorCodes.AudioMalformed;
        var path = table.Rows[row].Cells[pathIndex]!;
        var fix = e is NotSupportedException ? "" : " Re-export the clip, or remove it.";
        return format == DataFormat.AudioFolder
            ? DataError.File(code, path, $"cannot read this clip: {e.Message}{fix}")
            : DataError.Cell(code, table.Path, table.Rows[row].Line, table.Columns, pathIndex, $"cannot read clip '{path}': {e.Message}{fix}");
    }

    private static FeatureEncoder Fit(AudioSpec audio, AudioFeatureExtractor extractor, float[] features)
    {
        double sum = 0, squares = 0;
        foreach (var v in features)
        {
            sum += v;
            squares += (double)v * v;
        }
        var mean = sum / features.Length;
        var std = Math.Sqrt(Math.Max(0, (squares / features.Length) - (mean * mean)));
        return FeatureEncoder.ForAudio(AudioLayout.Of(audio), extractor.Frames, mean, std > 1e-12 ? std : 1);
    }

    private static EncodedSplit Encode(string name, RawTable table, long[] labels, SplitFeatures features, FeatureEncoder encoder, AudioAugmenter? augmenter,
        FineTuneSpec spec, bool required, List<Diagnostic>? warnings)
    {
        var rows = table.Rows.Count;
        var size = encoder.FeaturesPerSample;
        var copies = features.CopyCount;
        var all = new float[(long)rows * (copies + 1) * size];
        features.Original.CopyTo(all, 0);
        features.Copies.CopyTo(all, features.Original.Length);
        float mean = (float)encoder.PixelMean, scale = (float)(1 / encoder.PixelStd);
        for (long i = 0; i < all.LongLength; i++)
        {
            all[i] = (all[i] - mean) * scale;
        }
        for (var c = 0; c < copies; c++)
        {
            for (var i = 0; i < rows; i++)
            {
                var random = AudioAugmenter.RandomFor(spec.Seed ^ 0x5EC7A06, i, c);
                augmenter!.Mask(all.AsSpan((int)((((c + 1) * (long)rows) + i) * size), size), encoder.SampleShape[1], encoder.SampleShape[2], random);
            }
        }
        var groups = SensitiveGroups.Compute(table, spec.Data.Sensitive, required, warnings);
        var repeated = copies == 0 ? groups : groups.ToDictionary(g => g.Key, g => Repeat(g.Value, copies + 1), StringComparer.Ordinal);
        return new EncodedSplit(name, all, encoder.SampleShape, Repeat(labels, copies + 1), repeated)
        {
            SourceLines = Repeat([.. table.Rows.Select(r => r.Line)], copies + 1),
        };
    }

    private static T[] Repeat<T>(T[] values, int times) => times == 1 ? values : [.. Enumerable.Range(0, times).SelectMany(_ => values)];

    private static List<float[]> Noises(AudioAugmentSpec augment, AudioFeatureExtractor extractor)
    {
        if (augment.Noise is not { } folder)
        {
            return [];
        }
        var clips = Specs.Formats.AudioFiles.Clips(folder);
        if (clips.Count == 0)
        {
            throw DataError.File(DataErrorCodes.AudioNoiseEmpty, folder, "data.audio.augment.noise holds no WAV or FLAC clip; add noise recordings or remove the key.");
        }
        var noises = new List<float[]>();
        foreach (var clip in clips)
        {
            try
            {
                noises.Add(extractor.Waveform(clip));
            }
            catch (Exception e) when (e is InvalidDataException or NotSupportedException)
            {
                throw DataError.File(e is NotSupportedException ? DataErrorCodes.AudioUnsupported : DataErrorCodes.AudioMalformed, clip, $"cannot read this noise clip: {e.Message}");
            }
        }
        return noises;
    }

    private static Diagnostic SilenceWarning(List<string> silent, int total, SourceLocation location)
    {
        var named = string.Join(", ", silent.Take(NamedSilentClips).Select(Path.GetFileName));
        return Diagnostic.Warning(DataErrorCodes.AudioSilent, string.Create(CultureInfo.InvariantCulture,
            $"{silent.Count} of {total} clips are silent (peak below −80 dBFS), e.g. {named}{(silent.Count > NamedSilentClips ? ", …" : "")}: they train as examples of their labels. Check the recordings, or remove them."), location);
    }

    private static DatasetInfo Describe(RawTable table, string suffix, string context, long[] labels, IReadOnlyList<string> classes, AudioFeatureExtractor extractor)
    {
        var counts = TabularProfile.CountClasses(labels, classes);
        var folder = Directory.Exists(table.Path);
        var digest = folder ? FolderDigest(table) : FileDigest.Sha256(table.Path);
        return new DatasetInfo(Path.GetFileName(Path.TrimEndingDirectorySeparator(table.Path)) + suffix, context, table.Path, digest, labels.Length, extractor.FeaturesPerClip, counts,
            [extractor.Describe(), folder ? "clips: class folders" : $"clips: manifest columns {string.Join(", ", table.Columns)}"]);
    }

    /// <summary>An audiofolder's digest: SHA-256 over each clip's relative path and digest, in order.</summary>
    private static string FolderDigest(RawTable table)
    {
        var text = new StringBuilder();
        foreach (var row in table.Rows)
        {
            text.Append(Path.GetRelativePath(table.Path, row.Cells[0]!).Replace('\\', '/')).Append(' ').AppendLine(FileDigest.Sha256(row.Cells[0]!));
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The first training clip of each class (standardised log-mel), for the report's picture.</summary>
    private static IReadOnlyList<AudioExample> Examples(EncodedSplit train, IReadOnlyList<string> classes, FeatureEncoder encoder)
    {
        var size = train.FeaturesPerSample;
        var examples = new List<AudioExample>();
        for (var k = 0; k < classes.Count; k++)
        {
            var row = Array.IndexOf(train.Labels, (long)k);
            if (row >= 0)
            {
                examples.Add(new AudioExample(classes[k], train.Features.AsSpan(row * size, size).ToArray(), encoder.SampleShape[1], encoder.SampleShape[2]));
            }
        }
        return examples;
    }
}
