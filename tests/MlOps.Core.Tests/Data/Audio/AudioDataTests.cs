using System.Globalization;
using System.Text;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Data;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Data.Audio;

public sealed class AudioDataTests : IDisposable
{
    private static readonly (string, double)[] TwoTones = [("high", 2000), ("low", 300)];
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mlops-audio-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private string PathOf(string relative) => Path.Combine(_root, relative);

    private static FineTuneSpec Spec(DataSpec data, string specPath) => new()
    {
        Name = "audio",
        SpecPath = specPath,
        Base = new BaseModelSpec { Model = "audio-cnn" },
        Data = data,
        Training = new TrainingSpec { Threads = 2 },
    };

    private FineTuneSpec Folder(AudioSpec? audio = null) => Spec(new DataSpec
    {
        Format = DataFormat.AudioFolder,
        Train = PathOf("train"),
        Validation = PathOf("val"),
        Audio = audio ?? new AudioSpec { Seconds = 0.5 },
    }, PathOf("spec.yaml"));

    [Fact]
    public void An_audiofolder_becomes_standardised_log_mel_spectrograms_at_the_model_rate()
    {
        // 8 kHz clips, resampled to 16 kHz: 0.5 s → 8000 samples → 1 + 8000 / 160 = 51 frames.
        ToneClips.WriteFolder(PathOf("train"), TwoTones, 4, 8000, 1);
        ToneClips.WriteFolder(PathOf("val"), TwoTones, 2, 8000, 2);

        var loaded = DatasetLoader.Load(Folder());

        Assert.Equal(["high", "low"], loaded.Classes);
        Assert.Equal([1, 40, 51], loaded.Train.SampleShape);
        Assert.Equal(8, loaded.Train.Rows);
        Assert.Equal(4, loaded.Validation.Rows);
        Assert.Equal([0L, 0, 0, 0, 1, 1, 1, 1], loaded.Train.Labels);
        Assert.True(loaded.Encoder.IsAudio);
        Assert.Empty(loaded.Train.Features); // made per batch, on the trainer's background threads
        var features = StreamedRows.Features(loaded.Train);
        Assert.Equal(0, features.Average(v => (double)v), 4);
        Assert.Equal(1, Math.Sqrt(features.Average(v => (double)v * v)), 3);
        // The low tone's energy sits in lower mel bands than the high tone's.
        Assert.True(PeakBand(loaded.Train, features, 4) < PeakBand(loaded.Train, features, 0));
        Assert.Equal(2, loaded.AudioExamples.Count);
        Assert.Equal("training", loaded.Datasets[0].Context);
        Assert.Contains("log-mel:1x40x51", loaded.Datasets[0].Schema[0], StringComparison.Ordinal);
        Assert.Empty(loaded.Warnings);
    }

    [Fact]
    public void A_fine_tune_keeps_the_base_models_standardisation_and_refuses_other_log_mel_settings()
    {
        ToneClips.WriteFolder(PathOf("train"), TwoTones, 3, 16000, 1);
        ToneClips.WriteFolder(PathOf("val"), TwoTones, 1, 16000, 2);
        var base_ = DatasetLoader.Load(Folder());
        var encoder = FeatureEncoder.FromJson(base_.Encoder.ToJson());

        var again = DatasetLoader.Load(Folder(), encoder);
        var e = Assert.Throws<MlOpsException>(() => DatasetLoader.Load(Folder(new AudioSpec { Seconds = 0.5, NMels = 32 }), encoder));

        Assert.Equal(StreamedRows.Features(base_.Train), StreamedRows.Features(again.Train));
        Assert.Equal("MLOPS275", e.Diagnostics[0].Code);
        Assert.Contains("40 mels", e.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_gives_sensitive_groups_from_its_columns_and_reads_flac_beside_wav()
    {
        ToneClips.WriteFolder(PathOf("clips"), TwoTones, 4, 16000, 1);
        File.Copy(AudioFixtures.Path("flac16-lpc.flac"), PathOf("clips/extra.flac"));
        var csv = new StringBuilder("path,word,gender\n");
        foreach (var (word, _) in TwoTones)
        {
            for (var i = 0; i < 4; i++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{word}/{i:D3}.wav,{word},{(i % 2 == 0 ? "female" : "male")}\n");
            }
        }
        csv.Append("extra.flac,low,female\n");
        File.WriteAllText(PathOf("clips/train.csv"), csv.ToString());
        var spec = Spec(new DataSpec
        {
            Format = DataFormat.Audio,
            Train = PathOf("clips/train.csv"),
            Label = "word",
            Split = new SplitSpec { Validation = 0.25 },
            Sensitive = [new SensitiveAttributeSpec { Name = "gender" }],
            Audio = new AudioSpec { Seconds = 0.5 },
        }, PathOf("spec.yaml"));

        var loaded = DatasetLoader.Load(spec);

        Assert.Equal(9, loaded.Train.Rows + loaded.Validation.Rows);
        Assert.Equal(loaded.Train.Rows, loaded.Train.Groups["gender"].Length);
        Assert.Contains("female", loaded.Validation.Groups["gender"]);
        Assert.All(loaded.Train.SourceLines!, line => Assert.InRange(line, 2, 10));
    }

    [Fact]
    public void Augmented_versions_are_drawn_afresh_each_epoch_from_seed_epoch_and_row()
    {
        ToneClips.WriteFolder(PathOf("train"), TwoTones, 3, 16000, 1);
        ToneClips.WriteFolder(PathOf("val"), TwoTones, 1, 16000, 2);
        var audio = new AudioSpec
        {
            Seconds = 0.5,
            Augment = new AudioAugmentSpec { Copies = 2, GainDb = 6, ShiftSeconds = 0.05, TimeMasks = 1, FreqMasks = 1 },
        };

        var first = DatasetLoader.Load(Folder(audio));
        var second = DatasetLoader.Load(Folder(audio));

        Assert.Equal(18, first.Train.Rows);
        Assert.Equal(first.Train.Labels[..6], first.Train.Labels[6..12]);
        var size = first.Train.FeaturesPerSample;
        var epoch1 = StreamedRows.Features(first.Train, (7, 1));
        var epoch2 = StreamedRows.Features(first.Train, (7, 2));
        var plain = StreamedRows.Features(first.Train);
        // The same key gives the same data, on another load too.
        Assert.Equal(epoch1, StreamedRows.Features(second.Train, (7, 1)));
        Assert.NotEqual(epoch1, StreamedRows.Features(first.Train, (8, 1)));
        // The originals stay as recorded; their versions differ from them, from each other and from epoch to epoch.
        Assert.Equal(plain.AsSpan(0, 6 * size).ToArray(), epoch1.AsSpan(0, 6 * size).ToArray());
        Assert.NotEqual(Row(epoch1, 0, size), Row(epoch1, 6, size));
        Assert.NotEqual(Row(epoch1, 6, size), Row(epoch1, 12, size));
        Assert.NotEqual(Row(epoch1, 6, size), Row(epoch2, 6, size));
        // Evaluation reads no augmentation: a version row is its clip as recorded.
        Assert.Equal(Row(plain, 0, size), Row(plain, 6, size));
        Assert.Equal(2, first.Validation.Rows); // validation clips are never augmented
    }

    [Fact]
    public void Noise_from_a_folder_is_mixed_into_the_augmented_versions_only()
    {
        ToneClips.WriteFolder(PathOf("train"), TwoTones, 2, 16000, 1);
        ToneClips.WriteFolder(PathOf("val"), TwoTones, 1, 16000, 2);
        ToneClips.WriteWav(PathOf("noise/hum.wav"), ToneClips.Tone(50, 16000, 0.3, 9, amplitude: 0.8), 16000);
        var quiet = new AudioSpec { Seconds = 0.5, Augment = new AudioAugmentSpec { Copies = 1 } };
        var noisy = quiet with { Augment = quiet.Augment with { Noise = PathOf("noise"), NoiseMinSnrDb = 0, NoiseMaxSnrDb = 0 } };

        var without = StreamedRows.Features(DatasetLoader.Load(Folder(quiet)).Train, (1, 1));
        var with = StreamedRows.Features(DatasetLoader.Load(Folder(noisy)).Train, (1, 1));

        var size = without.Length / 8;
        Assert.Equal(without.AsSpan(0, 4 * size).ToArray(), with.AsSpan(0, 4 * size).ToArray());
        Assert.Equal(Row(without, 0, size), Row(without, 4, size)); // no transform given: the version is the clip
        // The 50 Hz hum at 0 dB SNR lifts the lowest mel band of every augmented version.
        for (var row = 4; row < 8; row++)
        {
            double lifted = LowestBand(with, row, size), plain = LowestBand(without, row, size);
            Assert.True(lifted > plain + 0.5, $"row {row}: lowest band {lifted} vs {plain}");
        }
    }

    /// <summary>The mean of mel band 0 (40 bands) over a row's frames.</summary>
    private static double LowestBand(float[] features, int row, int size) => Row(features, row, size).AsSpan(0, size / 40).ToArray().Average();

    private static float[] Row(float[] features, int row, int size) => features.AsSpan(row * size, size).ToArray();

    [Fact]
    public void A_clip_that_changes_after_loading_is_an_error_naming_it_when_its_batch_is_made()
    {
        ToneClips.WriteFolder(PathOf("train"), TwoTones, 2, 16000, 1);
        ToneClips.WriteFolder(PathOf("val"), TwoTones, 1, 16000, 2);
        var loaded = DatasetLoader.Load(Folder());
        File.WriteAllText(PathOf("train/high/001.wav"), "no longer a WAV file");

        var e = Assert.Throws<MlOpsException>(() => StreamedRows.Features(loaded.Train));

        Assert.Equal("MLOPS270", e.Diagnostics[0].Code);
        Assert.Equal(PathOf("train/high/001.wav"), e.Diagnostics[0].Location.File);
        Assert.Contains("changed during the run", e.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_class_folder_is_an_error_naming_it()
    {
        ToneClips.WriteFolder(PathOf("train"), TwoTones, 2, 16000, 1);
        Directory.CreateDirectory(PathOf("train/maybe"));
        ToneClips.WriteFolder(PathOf("val"), TwoTones, 1, 16000, 2);

        var e = Assert.Throws<MlOpsException>(() => DatasetLoader.Load(Folder()));

        Assert.Equal("MLOPS272", e.Diagnostics[0].Code);
        Assert.Equal(PathOf("train/maybe"), e.Diagnostics[0].Location.File);
    }

    [Theory]
    [InlineData("truncated-header.wav", "MLOPS270")]
    [InlineData("alaw.wav", "MLOPS271")]
    public void A_clip_that_cannot_be_read_is_an_error_naming_the_clip(string fixture, string code)
    {
        ToneClips.WriteFolder(PathOf("train"), TwoTones, 2, 16000, 1);
        ToneClips.WriteFolder(PathOf("val"), TwoTones, 1, 16000, 2);
        File.Copy(AudioFixtures.Path(fixture), PathOf("train/low/bad.wav"));

        var e = Assert.Throws<MlOpsException>(() => DatasetLoader.Load(Folder()));

        Assert.Equal(code, e.Diagnostics[0].Code);
        Assert.Equal(PathOf("train/low/bad.wav"), e.Diagnostics[0].Location.File);
    }

    [Fact]
    public void A_manifest_row_naming_a_missing_clip_is_an_error_at_its_line()
    {
        ToneClips.WriteFolder(PathOf("clips"), TwoTones, 2, 16000, 1);
        File.WriteAllText(PathOf("clips/train.csv"), "path,label\nhigh/000.wav,high\nlow/000.wav,low\nlow/404.wav,low\nhigh/001.wav,high\n");
        var spec = Spec(new DataSpec { Format = DataFormat.Audio, Train = PathOf("clips/train.csv"), Audio = new AudioSpec { Seconds = 0.5 } }, PathOf("spec.yaml"));

        var e = Assert.Throws<MlOpsException>(() => DatasetLoader.Load(spec));

        Assert.Equal("MLOPS273", e.Diagnostics[0].Code);
        Assert.Equal(4, e.Diagnostics[0].Location.Line);
        Assert.Contains("404.wav", e.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Silent_clips_are_counted_in_a_warning()
    {
        ToneClips.WriteFolder(PathOf("train"), TwoTones, 3, 16000, 1);
        ToneClips.WriteFolder(PathOf("val"), TwoTones, 1, 16000, 2);
        File.Copy(AudioFixtures.Path("silence.wav"), PathOf("train/low/quiet.wav"));
        File.Copy(AudioFixtures.Path("silence.wav"), PathOf("val/high/quiet.wav"));

        var loaded = DatasetLoader.Load(Folder());

        var warning = Assert.Single(loaded.Warnings);
        Assert.Equal("MLOPS274", warning.Code);
        Assert.StartsWith("2 of 10 clips are silent", warning.Message, StringComparison.Ordinal);
    }

    private static int PeakBand(EncodedSplit split, float[] features, int row)
    {
        int mels = split.SampleShape[1], frames = split.SampleShape[2];
        var energy = new double[mels];
        for (var m = 0; m < mels; m++)
        {
            for (var f = 0; f < frames; f++)
            {
                energy[m] += features[(row * split.FeaturesPerSample) + (m * frames) + f];
            }
        }
        return Array.IndexOf(energy, energy.Max());
    }
}
