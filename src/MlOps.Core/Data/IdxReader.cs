using System.Globalization;
using MlOps.Specs.Formats;

namespace MlOps.Core.Data;

/// <summary>MNIST-style IDX images: Count × Rows × Cols bytes, row-major.</summary>
internal sealed record IdxImages(string Path, int Count, int Rows, int Cols, byte[] Pixels);

/// <summary>
/// MNIST-style IDX files (magic 0x00000801 = uint8 labels, 0x00000803 = uint8 images, big-endian
/// dimensions), plain or gzipped; the header is <see cref="IdxHeader"/>'s.
/// </summary>
internal static class IdxReader
{
    public static byte[] ReadLabels(string path)
    {
        using var stream = IdxHeader.Open(path);
        var dims = ReadHeader(stream, path, IdxHeader.LabelsMagic);
        return ReadBody(stream, path, dims[0]);
    }

    public static IdxImages ReadImages(string path, DataLoadOptions options)
    {
        using var stream = IdxHeader.Open(path);
        var dims = ReadHeader(stream, path, IdxHeader.ImagesMagic);
        options.EnsureFits(path, dims[0], (long)dims[1] * dims[2]);
        var pixels = ReadBody(stream, path, (long)dims[0] * dims[1] * dims[2]);
        return new IdxImages(path, dims[0], dims[1], dims[2], pixels);
    }

    private static int[] ReadHeader(Stream stream, string path, int expectedMagic)
    {
        var magic = Malformed(path, () => IdxHeader.ReadMagic(stream));
        if (magic != expectedMagic)
        {
            var what = expectedMagic == IdxHeader.LabelsMagic ? "a labels file (magic 0x00000801)" : "an images file (magic 0x00000803)";
            throw DataError.File(DataErrorCodes.IdxMalformed, path, string.Create(CultureInfo.InvariantCulture,
                $"magic number 0x{magic:X8} is not {what}. Check that images and labels are not swapped in the spec."));
        }
        return Malformed(path, () => IdxHeader.ReadDimensions(stream, magic));
    }

    private static byte[] ReadBody(Stream stream, string path, long length)
    {
        if (length > Array.MaxLength)
        {
            throw DataError.File(DataErrorCodes.TooLarge, path, string.Create(CultureInfo.InvariantCulture, $"the file declares {length} bytes of data, more than one array can hold; split it into smaller files."));
        }
        var body = new byte[length];
        Malformed(path, () => IdxHeader.ReadExactly(stream, body, "the data its header declares"));
        return body;
    }

    /// <summary>The header reader's problems as the loader's located data errors.</summary>
    private static T Malformed<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InvalidDataException e)
        {
            throw DataError.File(DataErrorCodes.IdxMalformed, path, e.Message);
        }
    }

    private static void Malformed(string path, Action read) => Malformed(path, () =>
    {
        read();
        return true;
    });
}
