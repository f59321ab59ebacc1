using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace MlOps.Core.Data;

/// <summary>MNIST-style IDX images: Count × Rows × Cols bytes, row-major.</summary>
internal sealed record IdxImages(string Path, int Count, int Rows, int Cols, byte[] Pixels);

/// <summary>
/// MNIST-style IDX files (magic 0x00000801 = uint8 labels, 0x00000803 = uint8 images, big-endian
/// dimensions), plain or gzipped (detected from the gzip magic bytes, not the file name).
/// </summary>
internal static class IdxReader
{
    private const int LabelsMagic = 0x0801;
    private const int ImagesMagic = 0x0803;

    public static byte[] ReadLabels(string path)
    {
        using var stream = Open(path);
        var dims = ReadHeader(stream, path, LabelsMagic, 1);
        return ReadBody(stream, path, dims[0]);
    }

    public static IdxImages ReadImages(string path, DataLoadOptions options)
    {
        using var stream = Open(path);
        var dims = ReadHeader(stream, path, ImagesMagic, 3);
        options.EnsureFits(path, dims[0], (long)dims[1] * dims[2]);
        var pixels = ReadBody(stream, path, (long)dims[0] * dims[1] * dims[2]);
        return new IdxImages(path, dims[0], dims[1], dims[2], pixels);
    }

    private static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> head = stackalloc byte[2];
        var gzip = file.Read(head) == 2 && head[0] == 0x1f && head[1] == 0x8b;
        file.Position = 0;
        return gzip ? new BufferedStream(new GZipStream(file, CompressionMode.Decompress), 1 << 16) : file;
    }

    private static int[] ReadHeader(Stream stream, string path, int expectedMagic, int rank)
    {
        Span<byte> word = stackalloc byte[4];
        ReadExactly(stream, path, word, "the header");
        var magic = BinaryPrimitives.ReadInt32BigEndian(word);
        if (magic != expectedMagic)
        {
            var what = expectedMagic == LabelsMagic ? "a labels file (magic 0x00000801)" : "an images file (magic 0x00000803)";
            throw DataError.File(DataErrorCodes.IdxMalformed, path, string.Create(CultureInfo.InvariantCulture,
                $"magic number 0x{magic:X8} is not {what}. Check that images and labels are not swapped in the spec."));
        }
        var dims = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            ReadExactly(stream, path, word, "the header");
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(word);
            if (dims[i] <= 0)
            {
                throw DataError.File(DataErrorCodes.IdxMalformed, path, string.Create(CultureInfo.InvariantCulture, $"dimension #{i + 1} is {dims[i]}; IDX dimensions must be positive."));
            }
        }
        return dims;
    }

    private static byte[] ReadBody(Stream stream, string path, long length)
    {
        if (length > Array.MaxLength)
        {
            throw DataError.File(DataErrorCodes.TooLarge, path, string.Create(CultureInfo.InvariantCulture, $"the file declares {length} bytes of data, more than one array can hold; split it into smaller files."));
        }
        var body = new byte[length];
        ReadExactly(stream, path, body, "the data its header declares");
        return body;
    }

    private static void ReadExactly(Stream stream, string path, Span<byte> buffer, string what)
    {
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read < buffer.Length)
        {
            throw DataError.File(DataErrorCodes.IdxMalformed, path, string.Create(CultureInfo.InvariantCulture,
                $"the file ends early: {what} needs {buffer.Length} bytes, only {read} are there. The file is truncated or not IDX."));
        }
    }
}
