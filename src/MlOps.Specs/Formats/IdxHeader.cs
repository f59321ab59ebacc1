using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace MlOps.Specs.Formats;

/// <summary>
/// The header of an MNIST-style IDX file, plain or gzipped: a big-endian magic 0x0000TTDD (TT the
/// element type, DD the number of dimensions), then DD big-endian int32 sizes, the first the item
/// count. One reader for the spec checks (row counts, before any data loads) and the data loader.
/// Problems are <see cref="InvalidDataException"/>s whose message says what is wrong, without the path.
/// </summary>
public static class IdxHeader
{
    /// <summary>uint8 labels, one dimension.</summary>
    public const int LabelsMagic = 0x0801;
    /// <summary>uint8 images: count × rows × columns.</summary>
    public const int ImagesMagic = 0x0803;

    /// <summary>Opens the file, decompressing when it starts with the gzip magic bytes (whatever its name).</summary>
    public static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> head = stackalloc byte[2];
        var gzip = file.Read(head) == 2 && head[0] == 0x1f && head[1] == 0x8b;
        file.Position = 0;
        return gzip ? new BufferedStream(new GZipStream(file, CompressionMode.Decompress), 1 << 16) : file;
    }

    public static int ReadMagic(Stream stream)
    {
        Span<byte> word = stackalloc byte[4];
        ReadExactly(stream, word, "the header");
        return BinaryPrimitives.ReadInt32BigEndian(word);
    }

    /// <summary>The sizes <paramref name="magic"/> declares (its low byte counts them), each positive.</summary>
    public static int[] ReadDimensions(Stream stream, int magic)
    {
        var dims = new int[magic & 0xff];
        for (var i = 0; i < dims.Length; i++)
        {
            dims[i] = ReadDimension(stream, i);
        }
        return dims;
    }

    /// <summary>The next size, dimension number <paramref name="index"/> (0-based): the first is the item count.</summary>
    public static int ReadDimension(Stream stream, int index)
    {
        Span<byte> word = stackalloc byte[4];
        ReadExactly(stream, word, "the header");
        var size = BinaryPrimitives.ReadInt32BigEndian(word);
        if (size <= 0)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"dimension #{index + 1} is {size}; IDX dimensions must be positive."));
        }
        return size;
    }

    /// <summary>Fills <paramref name="buffer"/> or says that the file ends before <paramref name="what"/> does.</summary>
    public static void ReadExactly(Stream stream, Span<byte> buffer, string what)
    {
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read < buffer.Length)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"the file ends early: {what} needs {buffer.Length} bytes, only {read} are there. The file is truncated or not IDX."));
        }
    }
}
