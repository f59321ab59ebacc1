using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOps.Core.Data;

public enum FeatureKind { Numeric, Categorical }

/// <summary>
/// How one source column becomes features. Numeric: (x − Mean) / Std, one feature. Categorical:
/// one-hot over <see cref="Vocabulary"/> (an unseen value gives all zeros). <see cref="Fill"/> is
/// the imputed value (numeric: the mean, categorical: the most frequent training value).
/// </summary>
public sealed record ColumnEncoding(string Name, FeatureKind Kind, double Mean, double Std, IReadOnlyList<string> Vocabulary, string? Fill)
{
    public int Width => Kind == FeatureKind.Numeric ? 1 : Vocabulary.Count;
}

/// <summary>
/// The fitted feature layout: tabular columns or image pixel statistics. Fitted on training data
/// only, saved with the model (JSON) so that a fine-tune reuses its backbone's layout.
/// </summary>
public sealed class FeatureEncoder
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private FeatureEncoder(IReadOnlyList<ColumnEncoding> columns, int[] sampleShape, double pixelMean, double pixelStd, bool isImage, TextLayout? text = null, AudioLayout? audio = null)
    {
        Audio = audio;
        Columns = columns;
        SampleShape = sampleShape;
        PixelMean = pixelMean;
        PixelStd = pixelStd;
        IsImage = isImage;
        Text = text;
        FeatureNames = audio is { Waveform: not null } ? [.. Enumerable.Range(0, sampleShape[0]).Select(i => string.Create(CultureInfo.InvariantCulture, $"sample[{i}]"))]
            : audio is not null ? [.. Enumerable.Range(0, sampleShape[1] * sampleShape[2]).Select(i => string.Create(CultureInfo.InvariantCulture, $"mel[{i / sampleShape[2]},{i % sampleShape[2]}]"))]
            : text is not null ? [.. Enumerable.Range(0, sampleShape[0]).Select(i => string.Create(CultureInfo.InvariantCulture, $"token[{i}]"))]
            : isImage ? ImageFeatureNames(sampleShape) : TabularFeatureNames(columns);
    }

    public static FeatureEncoder Tabular(IReadOnlyList<ColumnEncoding> columns) =>
        new(columns, [columns.Sum(c => c.Width)], 0, 1, isImage: false);

    public static FeatureEncoder Image(int channels, int rows, int cols, double pixelMean, double pixelStd) =>
        new([], [channels, rows, cols], pixelMean, pixelStd, isImage: true);

    /// <summary>Image files (imagefolder, images): decoded and preprocessed per batch as <paramref name="preprocessing"/> says.</summary>
    public static FeatureEncoder ImageFiles(MlOps.Imaging.ImagePreprocessing preprocessing) =>
        new([], preprocessing.SampleShape, 0, 1, isImage: true) { Preprocessing = preprocessing };

    /// <summary>Image files: how a picture becomes input (saved with the model; a fine-tune and the runtime reuse it); null otherwise.</summary>
    public MlOps.Imaging.ImagePreprocessing? Preprocessing { get; private init; }

    /// <summary>Token ids of one text column: [max_length] floats per row.</summary>
    public static FeatureEncoder ForText(int maxLength, int vocabularySize, int padId) =>
        new([], [maxLength], 0, 1, isImage: false, new TextLayout(vocabularySize, padId));

    /// <summary>
    /// Audio data: log-mel spectrograms [1, n_mels, frames], standardised with one scalar mean and std
    /// over the training spectrograms (kept in <see cref="PixelMean"/> and <see cref="PixelStd"/>); the
    /// settings they were made with, which a fine-tune must share. Null for other data.
    /// </summary>
    public static FeatureEncoder ForAudio(AudioLayout layout, int frames, double mean, double std) =>
        new([], [1, layout.NMels, frames], mean, std, isImage: false, audio: layout);

    /// <summary>
    /// Audio data for a model that reads raw waveforms (wav2vec2, hubert): [samples] at the layout's
    /// rate and length, normalised per utterance when <see cref="WaveformInput.Normalize"/> and
    /// right-padded with zeros (MlOps.Audio.WaveformClip).
    /// </summary>
    public static FeatureEncoder ForWaveform(AudioLayout layout) =>
        new([], [layout.ToSettings().Samples], 0, 1, isImage: false, audio: layout.Waveform is null ? layout with { Waveform = new WaveformInput(Normalize: true) } : layout);

    public AudioLayout? Audio { get; }
    public bool IsAudio => Audio is not null;

    public bool IsImage { get; }
    /// <summary>Text data: the tokenizer's vocabulary size and pad id; null for tabular and image data.</summary>
    public TextLayout? Text { get; }
    public bool IsText => Text is not null;
    /// <summary>Tabular: the source columns in feature order. Empty for images.</summary>
    public IReadOnlyList<ColumnEncoding> Columns { get; }
    /// <summary>Images: mean and std of pixel/255 over the training images.</summary>
    public double PixelMean { get; }
    public double PixelStd { get; }
    /// <summary>Numeric: the column name; categorical: "column=value"; images: "pixel[r,c]".</summary>
    public IReadOnlyList<string> FeatureNames { get; }
    /// <summary>[F] for tabular, [channels, rows, cols] for images.</summary>
    public int[] SampleShape { get; }
    public int FeaturesPerSample => SampleShape.Aggregate(1, (a, b) => a * b);

    public string ToJson() => JsonSerializer.Serialize(
        new EncoderDto(1, IsAudio ? "audio" : IsText ? "text" : Preprocessing is not null ? "image_files" : IsImage ? "image" : "tabular", IsImage || IsText || IsAudio ? null : [.. Columns], IsImage || IsText || IsAudio ? SampleShape : null, PixelMean, PixelStd)
        {
            Text = Text,
            Preprocessing = Preprocessing,
            Audio = Audio,
        }, Json);

    public static FeatureEncoder FromJson(string json)
    {
        EncoderDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<EncoderDto>(json, Json);
        }
        catch (JsonException e)
        {
            throw DataError.File(DataErrorCodes.EncoderMismatch, "feature encoder JSON", $"not valid: {e.Message} Re-create it by training the base model again.");
        }
        return dto switch
        {
            { Kind: "image", Shape: [var c, var r, var w] } => Image(c, r, w, dto.PixelMean, dto.PixelStd),
            { Kind: "image_files", Preprocessing: { } p } when p.Problem() is null => ImageFiles(p),
            { Kind: "text", Shape: [var length], Text: { VocabularySize: > 0 } text } when length > 0 => ForText(length, text.VocabularySize, text.PadId),
            { Kind: "audio", Shape: [var samples], Audio: { Waveform: not null } audio } when samples == audio.ToSettings().Samples => ForWaveform(audio),
            { Kind: "audio", Shape: [1, var mels, var frames], Audio: { } audio } when mels == audio.NMels && frames > 0 && dto.PixelStd > 0 => ForAudio(audio, frames, dto.PixelMean, dto.PixelStd),
            { Kind: "tabular", Columns: { } columns } when columns.All(IsValid) => Tabular(columns),
            _ => throw DataError.File(DataErrorCodes.EncoderMismatch, "feature encoder JSON", "expected kind 'tabular' with valid 'columns' (a name, std > 0, a vocabulary for categorical ones), kind 'image' with a 3-number 'shape', or kind 'image_files' with valid 'preprocessing'."),
        };
    }

    private static bool IsValid(ColumnEncoding? c) =>
        c is { Name.Length: > 0, Std: > 0 } && (c.Kind == FeatureKind.Numeric || c.Vocabulary is { Count: > 0 });

    private static string[] TabularFeatureNames(IReadOnlyList<ColumnEncoding> columns) =>
        [.. columns.SelectMany(c => c.Kind == FeatureKind.Numeric ? [c.Name] : c.Vocabulary.Select(v => $"{c.Name}={v}"))];

    private static string[] ImageFeatureNames(int[] shape)
    {
        var names = new List<string>(shape[0] * shape[1] * shape[2]);
        for (var c = 0; c < shape[0]; c++)
        {
            for (var r = 0; r < shape[1]; r++)
            {
                for (var x = 0; x < shape[2]; x++)
                {
                    names.Add(shape[0] == 1
                        ? string.Create(CultureInfo.InvariantCulture, $"pixel[{r},{x}]")
                        : string.Create(CultureInfo.InvariantCulture, $"pixel[{c},{r},{x}]"));
                }
            }
        }
        return [.. names];
    }

    private sealed record EncoderDto(int Version, string Kind, ColumnEncoding[]? Columns, int[]? Shape, double PixelMean, double PixelStd)
    {
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public TextLayout? Text { get; init; }

        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public MlOps.Imaging.ImagePreprocessing? Preprocessing { get; init; }

        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public AudioLayout? Audio { get; init; }
    }
}

/// <summary>What an audio model's input depends on: the data.audio settings that make a clip's log-mel spectrogram.</summary>
public sealed record AudioLayout(int SampleRate, double Seconds, int NMels, int NFft, int HopLength, double FMin, double FMax, string MelScale, double? TopDb)
{
    public static AudioLayout Of(MlOps.Specs.Model.AudioSpec spec) =>
        new(spec.SampleRate, spec.Seconds, spec.NMels, spec.NFft, spec.HopLength, spec.FMin, spec.UpperFrequency, spec.MelScale.ToString().ToLowerInvariant(), spec.TopDb);

    /// <summary>The same settings as MlOps.Audio takes them (the extractor training and the runtime share).</summary>
    public MlOps.Audio.LogMelSettings ToSettings() =>
        new(SampleRate, Seconds, NMels, NFft, HopLength, FMin, FMax, MlOps.Audio.LogMelSettings.ParseMelScale(MelScale) ?? throw new InvalidDataException($"unknown mel scale '{MelScale}'."), TopDb);

    /// <summary>Set when the model reads raw waveforms (wav2vec2, hubert) instead of log-mel spectrograms; absent from older files.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public WaveformInput? Waveform { get; init; }

    public override string ToString() => Waveform is { } w ? string.Create(CultureInfo.InvariantCulture,
        $"raw waveforms at {SampleRate} Hz, {Seconds} s{(w.Normalize ? ", normalised per utterance" : "")}") : string.Create(CultureInfo.InvariantCulture,
        $"{SampleRate} Hz, {Seconds} s, {NMels} mels ({MelScale}, {FMin}–{FMax} Hz), n_fft {NFft}, hop {HopLength}, top_db {(TopDb is { } t ? t.ToString(CultureInfo.InvariantCulture) : "none")}");
}

/// <summary>What a text model's input layout depends on: the tokenizer's vocabulary size and pad id.</summary>
public sealed record TextLayout(int VocabularySize, int PadId);

/// <summary>
/// A model family that reads raw waveforms: whether each clip is normalised to zero mean and unit
/// variance first (Hugging Face's Wav2Vec2FeatureExtractor do_normalize, from preprocessor_config.json).
/// </summary>
public sealed record WaveformInput(bool Normalize);
