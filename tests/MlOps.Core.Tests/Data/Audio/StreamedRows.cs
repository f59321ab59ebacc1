using MlOps.Core.Data;

namespace MlOps.Core.Tests.Data.Audio;

/// <summary>A streamed split's rows written out in order, as the trainer's seam would make them.</summary>
internal static class StreamedRows
{
    /// <param name="epochKey">Given (seed, epoch): each row augmented as in that training epoch; null: evaluation rows.</param>
    public static float[] Features(EncodedSplit split, (int Seed, int Epoch)? epochKey = null)
    {
        var size = split.FeaturesPerSample;
        var features = new float[split.Rows * size];
        for (var row = 0; row < split.Rows; row++)
        {
            RowAugmentation? augmentation = epochKey is { } key ? new RowAugmentation(key.Seed, key.Epoch, row) : null;
            split.RowSource!.Write(row, features.AsSpan(row * size, size), augmentation);
        }
        return features;
    }
}
