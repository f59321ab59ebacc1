using System.Buffers.Binary;
using MlOps.Specs.Formats;
using MlOps.Specs.Model;

namespace MlOps.Specs.Checks;

/// <summary>
/// Counts training rows cheaply for plausibility warnings, the way the data format says
/// (DataFormatDefinition.CountRows): IDX from its header, CSV/JSONL by counting non-blank lines
/// (estimated from the first part of very large files).
/// </summary>
internal static class TrainingRowCounter
{
    private const long ExactCountLimit = 64L * 1024 * 1024;
    private const int SampleBytes = 4 * 1024 * 1024;

    /// <summary>Rows in the file, or null when it cannot be read.</summary>
    public static long? Count(string path, DataFormat format)
    {
        try
        {
            return DataFormats.Of(format).CountRows(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>IDX (plain or gzipped): the item count its header declares; null when it is not an IDX labels or images file.</summary>
    internal static long? IdxItems(string path)
    {
        using var stream = IdxHeader.Open(path);
        try
        {
            var magic = IdxHeader.ReadMagic(stream);
            return magic is IdxHeader.LabelsMagic or IdxHeader.ImagesMagic ? IdxHeader.ReadDimension(stream, 0) : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    internal static long Lines(string path)
    {
        using var stream = File.OpenRead(path);
        var length = stream.Length;
        var buffer = new byte[64 * 1024];
        long lines = 0, read = 0;
        var blank = true;
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            for (var i = 0; i < n; i++)
            {
                var b = buffer[i];
                if (b == (byte)'\n')
                {
                    lines += blank ? 0 : 1;
                    blank = true;
                }
                else if (b is not ((byte)' ' or (byte)'\r' or (byte)'\t'))
                {
                    blank = false;
                }
            }
            read += n;
            if (length > ExactCountLimit && read >= SampleBytes)
            {
                return lines * length / read;
            }
        }
        return lines + (blank ? 0 : 1);
    }
}
