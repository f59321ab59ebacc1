using System.Globalization;
using MlOps.Contracts.Export;
using MlOps.Core.Data;
using MlOps.Text;
using MlOps.Specs.Hub;
using MlOps.Specs.Model;

namespace MlOps.Core.Export;

/// <summary>The manifest's preprocessing, from the fitted encoder the run trained with: what the runtime must do before the graph.</summary>
internal static class OnnxManifestBuilder
{
    public static OnnxPreprocessing Preprocessing(FeatureEncoder encoder, DataSpec data, TextTokenizer? tokenizer)
    {
        if (encoder.Text is { } text)
        {
            return new OnnxPreprocessing
            {
                Kind = PreprocessingKinds.Text,
                Text = Text(tokenizer ?? throw new InvalidOperationException("text data without its tokenizer"), encoder.SampleShape[0], text.PadId, text.VocabularySize),
            };
        }
        if (encoder.Preprocessing is { } files)
        {
            return new OnnxPreprocessing { Kind = PreprocessingKinds.Image, Image = ImageFiles(files) };
        }
        if (encoder.Audio is { Waveform: { } waveform } speech)
        {
            return new OnnxPreprocessing
            {
                Kind = PreprocessingKinds.AudioWaveform,
                Waveform = new WaveformPreprocessing(speech.SampleRate, speech.Seconds, encoder.SampleShape[0], waveform.Normalize),
            };
        }
        if (encoder.Audio is { } audio)
        {
            return new OnnxPreprocessing
            {
                Kind = PreprocessingKinds.Audio,
                Audio = new AudioPreprocessing(audio.SampleRate, audio.Seconds, audio.NMels, audio.NFft, audio.HopLength, audio.FMin, audio.FMax,
                    audio.MelScale, audio.TopDb, encoder.SampleShape[2], encoder.PixelMean, encoder.PixelStd),
            };
        }
        if (encoder.IsImage)
        {
            var channels = encoder.SampleShape[0];
            return new OnnxPreprocessing
            {
                Kind = PreprocessingKinds.Image,
                Image = new ImagePreprocessing(channels, encoder.SampleShape[1], encoder.SampleShape[2], 1 / 255.0,
                    [.. Enumerable.Repeat(encoder.PixelMean, channels)], [.. Enumerable.Repeat(encoder.PixelStd, channels)])
                {
                    ColorMode = channels == 1 ? "grayscale" : "rgb",
                },
            };
        }
        return new OnnxPreprocessing
        {
            Kind = PreprocessingKinds.Tabular,
            Tabular = new TabularPreprocessing(
                [.. encoder.Columns.Select(c => new TabularColumn(c.Name, c.Kind == FeatureKind.Numeric ? "numeric" : "categorical", c.Mean, c.Std,
                    c.Kind == FeatureKind.Numeric ? [] : c.Vocabulary, c.Kind == FeatureKind.Numeric ? c.Mean.ToString("R", CultureInfo.InvariantCulture) : c.Fill))],
                data.Missing == MissingValuePolicy.Impute ? "impute" : "error")
            {
                FeatureNames = encoder.FeatureNames,
            },
        };
    }

    /// <summary>The tokenizer's part of the manifest: its kind and files, special ids, max_length and padding.</summary>
    /// <paramref name="framing"/>: the start and end ids (null: the classifier's, <see cref="TextTokenizer.Special"/>).
    public static TextPreprocessing Text(TextTokenizer tokenizer, int maxLength, int padId, int vocabularySize, (int Start, int End)? framing = null) =>
        new(tokenizer.Kind == TokenizerKind.WordPiece ? "wordpiece" : "bpe", [.. TokenizerFiles(tokenizer).Select(Path.GetFileName).OfType<string>()],
            maxLength, LowerCase(tokenizer), framing?.Start ?? tokenizer.Special.Start, framing?.End ?? tokenizer.Special.End, padId, vocabularySize);

    /// <summary>Image files: MlOps.Imaging's evaluation path (decode, resize, centre crop or not, per-channel mean and std), which the runtime replays.</summary>
    private static ImagePreprocessing ImageFiles(MlOps.Imaging.ImagePreprocessing p) =>
        new(p.Channels, p.Size, p.Size, 1 / 255.0, p.Mean, p.Std)
        {
            ColorMode = p.Channels == 1 ? "grayscale" : "rgb",
            // MlOps.Imaging resizes with a bilinear (triangle) filter widened when shrinking, as PIL's BILINEAR.
            Resize = "bilinear",
            Crop = p.Crop == MlOps.Imaging.ImageCrop.Center ? ImageInputs.CenterCrop : "none",
            ResizeShorterSide = p.Crop == MlOps.Imaging.ImageCrop.Center ? p.Resize : null,
            Input = ImageInputs.File,
        };

    /// <summary>The tokenizer's files (vocabulary, merges, configs) that go into the export folder.</summary>
    public static IReadOnlyList<string> TokenizerFiles(TextTokenizer tokenizer) => [.. TokenizerFolder.InputFiles(tokenizer.Source)];

    /// <summary>As TokenizerLoader decides: tokenizer_config.json's do_lower_case, else true for WordPiece vocab.txt and false for BPE.</summary>
    private static bool LowerCase(TextTokenizer tokenizer)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(tokenizer.Source))!;
        return TokenizerConfig.Read(folder).LowerCase ?? tokenizer.Kind == TokenizerKind.WordPiece;
    }
}
