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

    private FeatureEncoder(IReadOnlyList<ColumnEncoding> columns, int[] sampleShape, double pixelMean, double pixelStd, bool isImage, TextLayout? text = null)
    {
        Columns = columns;
        SampleShape = sampleShape;
        PixelMean = pixelMean;
        PixelStd = pixelStd;
        IsImage = isImage;
        Text = text;
        FeatureNames = text is not null ? [.. Enumerable.Range(0, sampleShape[0]).Select(i => string.Create(CultureInfo.InvariantCulture, $"token[{i}]"))]
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
        new EncoderDto(1, IsText ? "text" : Preprocessing is not null ? "image_files" : IsImage ? "image" : "tabular", IsImage || IsText ? null : [.. Columns], IsImage || IsText ? SampleShape : null, PixelMean, PixelStd)
        {
            Text = Text,
            Preprocessing = Preprocessing,
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
    }
}

/// <summary>What a text model's input layout depends on: the tokenizer's vocabulary size and pad id.</summary>
public sealed record TextLayout(int VocabularySize, int PadId);
