using System.Text.Json.Serialization;

namespace MlOps.Contracts.Export;

/// <summary>
/// The preprocessing the runtime applies before the graph, exactly as training encoded its inputs.
/// <see cref="Kind"/> is <c>tabular</c>, <c>image</c>, <c>text</c>, <c>audio</c> or <c>audio_waveform</c> (member <see cref="Waveform"/>); the member of that name is set.
/// </summary>
public sealed record OnnxPreprocessing
{
    public required string Kind { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TabularPreprocessing? Tabular { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ImagePreprocessing? Image { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TextPreprocessing? Text { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AudioPreprocessing? Audio { get; init; }

    /// <summary>Set when <see cref="Kind"/> is <c>audio_waveform</c> (wav2vec2, hubert).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public WaveformPreprocessing? Waveform { get; init; }
}

public static class PreprocessingKinds
{
    public const string Tabular = "tabular";
    public const string Image = "image";
    public const string Text = "text";
    public const string Audio = "audio";

    /// <summary>Raw waveforms (wav2vec2, hubert): <see cref="OnnxPreprocessing.Waveform"/>.</summary>
    public const string AudioWaveform = "audio_waveform";

    /// <summary>A language model exported without its tokenizer: token ids in, token ids out (<see cref="OnnxPreprocessing.Text"/> null).</summary>
    public const string TokenIds = "token_ids";
}

/// <summary><see cref="ImagePreprocessing.Input"/>'s values, and <see cref="ImagePreprocessing.Crop"/>'s <c>center</c>.</summary>
public static class ImageInputs
{
    public const string Pixels = "pixels";
    public const string File = "file";
    public const string CenterCrop = "center";
}

/// <summary>
/// A row of named cells to the <c>features</c> vector: the columns in order, each numeric column one
/// feature <c>(x − mean) / std</c>, each categorical column a one-hot block over <c>categories</c> in
/// order (an unseen value: all zeros). A missing cell takes <c>fill</c> (numeric: the mean) when
/// <c>missing</c> is <c>impute</c>, and is an error when it is <c>error</c>.
/// </summary>
public sealed record TabularPreprocessing(IReadOnlyList<TabularColumn> Columns, string Missing)
{
    /// <summary>The feature names in input order (numeric: the column; categorical: <c>column=value</c>).</summary>
    public IReadOnlyList<string> FeatureNames { get; init; } = [];
}

/// <param name="Kind"><c>numeric</c> or <c>categorical</c>.</param>
/// <param name="Categories">Categorical: the one-hot order; empty for numeric columns.</param>
/// <param name="Fill">The imputed value (numeric: the training mean as text; categorical: the most frequent value).</param>
public sealed record TabularColumn(string Name, string Kind, double Mean, double Std, IReadOnlyList<string> Categories, string? Fill);

/// <summary>
/// An image to <c>pixel_values</c> [batch, channels, height, width]: decode, convert to
/// <see cref="ColorMode"/>, resize to <see cref="Height"/>×<see cref="Width"/> (<see cref="Resize"/>,
/// <see cref="ResizeShorterSide"/>, <see cref="Crop"/>), multiply the 0–255 values by <see cref="Scale"/>,
/// then <c>(x − mean[c]) / std[c]</c> per channel.
/// </summary>
public sealed record ImagePreprocessing(int Channels, int Height, int Width, double Scale, IReadOnlyList<double> Mean, IReadOnlyList<double> Std)
{
    /// <summary><c>grayscale</c> (1 channel) or <c>rgb</c> (3, in that order).</summary>
    public string ColorMode { get; init; } = "grayscale";

    /// <summary>How an image of another size reaches the input size: <c>none</c> (it must already have it), or a resampler name.</summary>
    public string Resize { get; init; } = "none";

    /// <summary>
    /// Image files (data.format imagefolder/images): <c>center</c> when the shorter side is resized to
    /// <see cref="ResizeShorterSide"/> and the centre <see cref="Height"/>×<see cref="Width"/> kept;
    /// <c>none</c> when the picture is resized straight to the input size (or, for decoded pixels, must have it).
    /// </summary>
    public string Crop { get; init; } = "none";

    /// <summary>With <see cref="Crop"/> <c>center</c>: the shorter side's length before the crop; null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ResizeShorterSide { get; init; }

    /// <summary>
    /// <c>file</c>: the model was trained on image files, decoded by MlOps.Imaging (EXIF orientation applied,
    /// alpha composited on white, grayscale as ITU-R 601 luma), so the runtime takes files; <c>pixels</c>
    /// (older manifests, IDX and pixel-CSV data): it takes decoded pixels only.
    /// </summary>
    public string Input { get; init; } = ImageInputs.Pixels;
}

/// <summary>
/// Text to <c>input_ids</c> [batch, sequence] int64: the tokenizer in <see cref="TokenizerFiles"/> (files in
/// this folder), <see cref="StartTokenId"/> + subword ids + <see cref="EndTokenId"/>, the first tokens kept
/// when longer than <see cref="MaxLength"/>, padded with <see cref="PadTokenId"/>. The graph takes the
/// attention mask from the ids (id ≠ pad), so padding to any length up to max_length gives the same logits.
/// </summary>
public sealed record TextPreprocessing(
    string Tokenizer,
    IReadOnlyList<string> TokenizerFiles,
    int MaxLength,
    bool LowerCase,
    int StartTokenId,
    int EndTokenId,
    int PadTokenId,
    int VocabularySize)
{
    /// <summary>
    /// Null: the graph takes the ids alone. <see cref="AttentionMasks.ThroughLastNonPad"/> (decoder
    /// classifiers): the graph also takes <c>attention_mask</c>, 1 up to the row's last id that is not the pad id.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AttentionMask { get; init; }
}

/// <summary>How the runtime derives a decoder classifier's <c>attention_mask</c> from right-padded ids, as training does.</summary>
public static class AttentionMasks
{
    public const string ThroughLastNonPad = "through_last_non_pad";

    /// <summary>
    /// 1 up to and including each row's last id that is not <paramref name="pad"/>, 0 after it: trailing pad ids
    /// are padding, a pad id before a real token (GPT-2's bos is its pad) is a token (DecoderClassifier's rule).
    /// </summary>
    public static void ThroughLastNonPadInto(ReadOnlySpan<long> ids, int width, long pad, Span<long> mask)
    {
        for (var start = 0; start < ids.Length; start += width)
        {
            var last = start + width - 1;
            while (last >= start && ids[last] == pad)
            {
                last--;
            }
            mask.Slice(start, last - start + 1).Fill(1);
            mask.Slice(last + 1, start + width - last - 1).Clear();
        }
    }
}

/// <summary>
/// A clip to <c>log_mel</c> [batch, 1, n_mels, frames] float32, as the audio loader made it (torchaudio's
/// <c>MelSpectrogram</c> + <c>AmplitudeToDB</c>): decode to mono, resample to <see cref="SampleRate"/>,
/// keep the middle <see cref="Seconds"/> or centre the clip in zeros, reflect-pad n_fft / 2 at both ends,
/// a periodic Hann window of <see cref="NFft"/> samples every <see cref="HopLength"/>, |STFT|², triangular
/// mel filters (<see cref="MelScale"/> <c>htk</c> or <c>slaney</c>, no filter norm) from <see cref="FMin"/> to
/// <see cref="FMax"/>, 10·log10(max(x, 1e-10)); with <see cref="TopDb"/> set every value raised to at least the
/// clip's maximum − top_db; finally <c>(x − mean) / std</c>. <see cref="Frames"/> = 1 + samples / hop.
/// </summary>
public sealed record AudioPreprocessing(
    int SampleRate,
    double Seconds,
    int NMels,
    int NFft,
    int HopLength,
    double FMin,
    double FMax,
    string MelScale,
    double? TopDb,
    int Frames,
    double Mean,
    double Std);

/// <summary>
/// A clip to <c>waveform</c> [batch, samples] float32, as Hugging Face's Wav2Vec2FeatureExtractor and the
/// audio loader prepare it: decode to mono, resample to <see cref="SampleRate"/>, keep the middle
/// <see cref="Samples"/> when longer, with <see cref="Normalize"/> (x − mean) / sqrt(var + 1e-7) over the
/// clip's own samples, then right-pad with zeros to <see cref="Samples"/>: the graph reads trailing zeros as padding.
/// </summary>
public sealed record WaveformPreprocessing(int SampleRate, double Seconds, int Samples, bool Normalize);
