using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Export;

namespace MlOps.Runtime;

/// <summary>
/// Decoded 8-bit pixels to <c>pixel_values</c>, with the trainer's arithmetic in float:
/// <c>((p / 255) − mean[c]) · (1 / std[c])</c>. Pixels come row by row, channels interleaved (HWC: gray
/// is one byte a pixel, RGB three), at the model's height and width.
/// </summary>
internal sealed class PixelInputs
{
    private readonly ImagePreprocessing image;
    private readonly float divisor;
    private readonly float[] mean;
    private readonly float[] inverseStd;

    public PixelInputs(ImagePreprocessing image)
    {
        this.image = image;
        divisor = (float)(1 / image.Scale);
        mean = [.. image.Mean.Select(m => (float)m)];
        inverseStd = [.. image.Std.Select(s => (float)(1 / s))];
    }

    public int Width => image.Channels * image.Height * image.Width;

    public void Encode(ReadOnlySpan<byte> pixels, Span<float> values)
    {
        if (pixels.Length != Width)
        {
            throw new MlOpsException(Diagnostic.Error(RuntimeErrorCodes.InputInvalid,
                $"the image has {pixels.Length} bytes; the model takes {image.Height}×{image.Width} {image.ColorMode} pixels, {Width} bytes (row by row, channels interleaved)",
                SourceLocation.None("input")));
        }
        var plane = image.Height * image.Width;
        for (var c = 0; c < image.Channels; c++)
        {
            for (var p = 0; p < plane; p++)
            {
                values[(c * plane) + p] = ((pixels[(p * image.Channels) + c] / divisor) - mean[c]) * inverseStd[c];
            }
        }
    }
}
