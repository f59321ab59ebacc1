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
/// labelled and grouped like CSV rows. Each clip is decoded once here, on all cores, to stop at an
/// unreadable one, count silent ones and measure the one scalar mean and std of the training
/// spectrograms; nothing of it is kept. The splits then hand the trainer an <see cref="AudioClipRows"/>
/// source: features are made per batch on background threads (the per-batch seam), as for image files.
/// Augmented versions (data.audio.augment) join the training split only, redrawn every epoch.
/// </summary>
internal static class AudioDataLoader
{
    private const int NamedSilentClips = 3;

    public static LoadedData Load(FineTuneSpec spec, DataLoadOptions options, FeatureEncoder? baseEncoder, IReadOnlyList<string>? classes, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var data = spec.Data;
        var audio = data.Audio ?? new AudioSpec();
        var location = DatasetLoader.SpecLocation(spec);
        // A model family that reads raw waveforms (wav2vec2, hubert) asked for them: no log-mel, no statistics.
        var layout = AudioLayout.Of(audio) with { Waveform = options.Waveform };
        RequireSameLayout(baseEncoder, layout, audio, location);
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
        var trainScan = Scan(train, data, extractor, statistics: baseEncoder is null && layout.Waveform is null, threads, silent, ct);
        Scan(validation, data, extractor, statistics: false, threads, silent, ct);
        if (test is not null)
        {
            Scan(test, data, extractor, statistics: false, threads, silent, ct);
        }
        var encoder = baseEncoder ?? (layout.Waveform is null ? Fit(audio, extractor, trainScan) : FeatureEncoder.ForWaveform(layout));
        var warnings = new List<Diagnostic>();
        var trainSplit = Encode("train", train, trainLabels, data, extractor, encoder, augmenter, spec, required: true, warnings);
        var validationSplit = Encode("validation", validation, validationLabels, data, extractor, encoder, null, spec, required: true, null);
        var testSplit = test is null ? null : Encode("test", test, testLabels!, data, extractor, encoder, null, spec, required: true, null);
        if (silent.Count > 0)
        {
            warnings.Add(SilenceWarning(silent, train.Rows.Count + validation.Rows.Count + (test?.Rows.Count ?? 0), location));
        }
        var infos = new List<DatasetInfo>
        {
            Describe(train, fromSplit ? " (training part of a seeded split)" : "", "training", trainLabels, classList, extractor, layout),
            Describe(validation, fromSplit ? $" (validation part of a seeded split, {TabularDataLoader.Percent(data.Split.Validation)})" : "", "validation", validationLabels, classList, extractor, layout),
        };
        if (test is not null)
        {
            infos.Add(Describe(test, testFromSplit ? " (test part of a seeded split)" : "", "test", testLabels!, classList, extractor, layout));
        }
        return new LoadedData(trainSplit, validationSplit, encoder, classList, infos)
        {
            Test = testSplit,
            Warnings = warnings,
            AudioExamples = Examples(trainSplit, classList, encoder, extractor),
        };
    }

    public static (EncodedSplit, IReadOnlyList<DatasetInfo>) LoadForgetting(FineTuneSpec spec, ForgettingSpec forgetting, SourceLocation location, FeatureEncoder encoder, IReadOnlyList<string> classes, DataLoadOptions options, CancellationToken ct)
    {
        var data = spec.Data;
        var audio = data.Audio ?? new AudioSpec();
        RequireSameLayout(encoder, AudioLayout.Of(audio) with { Waveform = encoder.Audio?.Waveform }, audio, location);
        var table = Read(data, forgetting.Data, "evaluation.forgetting.data", location, options, ct);
        ColumnCheck.RequireLabel(table, LabelColumn(data));
        var labels = ClassList.Index(table, LabelColumn(data), classes, "forgetting");
        var extractor = new AudioFeatureExtractor(AudioLayout.Of(audio).ToSettings());
        Scan(table, data, extractor, statistics: false, spec.Training.Threads ?? Environment.ProcessorCount, [], ct);
        var split = Encode("forgetting", table, labels, data, extractor, encoder, null, spec, required: false, null);
        return (split, [Describe(table, "", "forgetting", labels, classes, extractor, encoder.Audio!)]);
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
    private static void RequireSameLayout(FeatureEncoder? encoder, AudioLayout wanted, AudioSpec audio, SourceLocation location)
    {
        if (encoder is null)
        {
            return;
        }
        if (encoder.Audio != wanted)
        {
            throw DataError.Spec(DataErrorCodes.AudioSettingsMismatch, audio.Location ?? location, encoder.Audio is { } had
                ? $"the base model was trained on log-mel spectrograms of {had}, but data.audio asks for {wanted}; use the base model's settings in data.audio."
                : "the base model was not trained on audio; use an audio base model (trained with format: audiofolder or audio), or base.checkpoint: none.");
        }
    }

    /// <summary>The training spectrograms' sum and sum of squares (in row order, so the same on every load) and their value count.</summary>
    private sealed record SplitStatistics(double Sum, double Squares, long Count);

    /// <summary>
    /// Decodes every clip of a split once, in parallel: the first unreadable one is an error naming it,
    /// silent ones are listed, and with <paramref name="statistics"/> the log-mel values are summed for
    /// the standardisation. Nothing per clip is kept.
    /// </summary>
    private static SplitStatistics Scan(RawTable table, DataSpec data, AudioFeatureExtractor extractor, bool statistics, int threads, List<string> silent, CancellationToken ct)
    {
        var rows = table.Rows.Count;
        var size = extractor.FeaturesPerClip;
        var pathIndex = table.IndexOf(PathColumn(data));
        var failures = new MlOpsException?[rows];
        var silentRows = new bool[rows];
        var sums = new double[rows];
        var squares = new double[rows];
        Parallel.For(0, rows, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = ct },
            () => statistics ? new float[size] : [],
            (i, _, logMel) =>
            {
                float[] waveform;
                try
                {
                    waveform = extractor.Waveform(table.Rows[i].Cells[pathIndex]!);
                }
                catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException or UnauthorizedAccessException)
                {
                    failures[i] = ClipError(e, table, i, pathIndex, data.Format);
                    return logMel;
                }
                silentRows[i] = AudioFeatureExtractor.IsSilent(waveform);
                if (statistics)
                {
                    extractor.LogMel(waveform, logMel);
                    foreach (var v in logMel)
                    {
                        sums[i] += v;
                        squares[i] += (double)v * v;
                    }
                }
                return logMel;
            },
            _ => { });
        if (failures.FirstOrDefault(f => f is not null) is { } failure)
        {
            throw failure;
        }
        lock (silent)
        {
            silent.AddRange(Enumerable.Range(0, rows).Where(i => silentRows[i]).Select(i => table.Rows[i].Cells[pathIndex]!));
        }
        return new SplitStatistics(sums.Sum(), squares.Sum(), (long)rows * size);
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

    private static FeatureEncoder Fit(AudioSpec audio, AudioFeatureExtractor extractor, SplitStatistics statistics)
    {
        var mean = statistics.Sum / statistics.Count;
        var std = Math.Sqrt(Math.Max(0, (statistics.Squares / statistics.Count) - (mean * mean)));
        return FeatureEncoder.ForAudio(AudioLayout.Of(audio), extractor.Frames, mean, std > 1e-12 ? std : 1);
    }

    /// <summary>A split whose rows the trainer makes per batch; a training split with augmentation holds each clip's augmented versions after the originals.</summary>
    private static EncodedSplit Encode(string name, RawTable table, long[] labels, DataSpec data, AudioFeatureExtractor extractor, FeatureEncoder encoder, AudioAugmenter? augmenter,
        FineTuneSpec spec, bool required, List<Diagnostic>? warnings)
    {
        var copies = augmenter?.Spec.Copies ?? 0;
        var pathIndex = table.IndexOf(PathColumn(data));
        var rows = new AudioClipRows([.. table.Rows.Select(r => r.Cells[pathIndex]!)], extractor, (float)encoder.PixelMean, (float)(1 / encoder.PixelStd), augmenter, encoder.Audio?.Waveform);
        var groups = SensitiveGroups.Compute(table, spec.Data.Sensitive, required, warnings);
        var repeated = copies == 0 ? groups : groups.ToDictionary(g => g.Key, g => Repeat(g.Value, copies + 1), StringComparer.Ordinal);
        return new EncodedSplit(name, [], encoder.SampleShape, Repeat(labels, copies + 1), repeated)
        {
            RowSource = rows,
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

    private static DatasetInfo Describe(RawTable table, string suffix, string context, long[] labels, IReadOnlyList<string> classes, AudioFeatureExtractor extractor, AudioLayout layout)
    {
        var waveform = layout.Waveform;
        var counts = TabularProfile.CountClasses(labels, classes);
        var folder = Directory.Exists(table.Path);
        var digest = folder ? FolderDigest(table) : FileDigest.Sha256(table.Path);
        return new DatasetInfo(Path.GetFileName(Path.TrimEndingDirectorySeparator(table.Path)) + suffix, context, table.Path, digest, labels.Length, waveform is null ? extractor.FeaturesPerClip : extractor.Settings.Samples, counts,
            [waveform is null ? extractor.Describe() : $"{layout}", folder ? "clips: class folders" : $"clips: manifest columns {string.Join(", ", table.Columns)}"]);
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
    private static IReadOnlyList<AudioExample> Examples(EncodedSplit train, IReadOnlyList<string> classes, FeatureEncoder encoder, AudioFeatureExtractor extractor)
    {
        var examples = new List<AudioExample>();
        for (var k = 0; k < classes.Count; k++)
        {
            var row = Array.IndexOf(train.Labels, (long)k);
            if (row >= 0)
            {
                var logMel = new float[train.FeaturesPerSample];
                train.RowSource!.Write(row, logMel, null);
                if (encoder.Audio?.Waveform is not null)
                {
                    // A waveform model's row is the clip: the picture shows its log-mel (dB, not standardised).
                    var waveform = logMel;
                    logMel = new float[extractor.FeaturesPerClip];
                    extractor.LogMel(waveform, logMel);
                    examples.Add(new AudioExample(classes[k], logMel, extractor.Settings.NMels, extractor.Frames));
                    continue;
                }
                examples.Add(new AudioExample(classes[k], logMel, encoder.SampleShape[1], encoder.SampleShape[2]));
            }
        }
        return examples;
    }
}
