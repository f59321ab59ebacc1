using System.Runtime.InteropServices;

namespace MlOps.Core.Data.Streaming;

/// <summary>
/// Out-of-core: one split's encoded rows (float32, row-major, the encoder's width) in a temporary
/// file, deleted when it is closed (at the latest when the process ends). Written once by the encode
/// pass, then read row by row by the trainer's per-batch seam (<see cref="IRowSource"/>) with
/// positional reads: no shared position, so the seam's worker threads read at once, and nothing is
/// mapped, so memory stays at the batches in flight, whatever the file's size.
/// </summary>
internal sealed class EncodedRowsFile : FeatureSink, IRowSource, IDisposable
{
    private readonly FileStream _file;
    private readonly int _width;

    public EncodedRowsFile(int width)
    {
        _width = width;
        _file = TempFile.Open($"mlops-rows-{Guid.NewGuid():N}.f32", FileOptions.None);
    }

    public override void Append(ReadOnlySpan<float> row) => _file.Write(MemoryMarshal.AsBytes(row));

    /// <summary>Ends the writing: what is buffered goes to the file before the first read.</summary>
    public void Complete() => _file.Flush();

    public void Write(int row, Span<float> target, RowAugmentation? augmentation) =>
        RandomAccess.Read(_file.SafeFileHandle, MemoryMarshal.AsBytes(target[.._width]), (long)row * _width * sizeof(float));

    public void Dispose() => _file.Dispose();
}
