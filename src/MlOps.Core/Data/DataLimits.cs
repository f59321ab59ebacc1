using System.Globalization;

namespace MlOps.Core.Data;

/// <summary>Options of the data stage that are not part of the spec.</summary>
public sealed record DataLoadOptions
{
    /// <summary>Environment variable that overrides the default matrix limit, in bytes.</summary>
    public const string MaxBytesVariable = "MLOPS_MAX_DATA_BYTES";

    /// <summary>Largest encoded float matrix (bytes) one split may need; checked before allocating.</summary>
    public long MaxMatrixBytes { get; init; } = DefaultMaxMatrixBytes();

    /// <summary>Audio data for a model family that reads raw waveforms (ModelFamilyBuilder.WaveformInput); null: log-mel spectrograms.</summary>
    public WaveformInput? Waveform { get; init; }

    public static long DefaultMaxMatrixBytes() =>
        long.TryParse(Environment.GetEnvironmentVariable(MaxBytesVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes > 0
            ? bytes
            : 4L << 30;

    /// <summary>Throws before allocating when rows × features floats exceed the limit.</summary>
    internal void EnsureFits(string file, long rows, long featuresPerRow)
    {
        var bytes = rows * featuresPerRow * sizeof(float);
        if (bytes > MaxMatrixBytes || rows * featuresPerRow > Array.MaxLength)
        {
            throw DataError.File(DataErrorCodes.TooLarge, file, string.Create(CultureInfo.InvariantCulture,
                $"{rows} rows × {featuresPerRow} features need {bytes / (1024.0 * 1024 * 1024):F2} GiB as floats, over the limit of {Math.Min(MaxMatrixBytes, (long)Array.MaxLength * sizeof(float)) / (1024.0 * 1024 * 1024):F2} GiB (one .NET array holds at most {Array.MaxLength} floats). Use a smaller sample, raise the limit with {MaxBytesVariable}=<bytes> if the machine has the memory, or (CSV, JSON Lines) set data.out_of_core: true to train from the encoded rows on disk."));
        }
    }
}
