using System.Text;

namespace MlOps.Specs.Formats;

/// <summary>
/// The row count a Parquet file declares in its footer (FileMetaData.num_rows), read without the
/// Parquet library so the spec layer stays dependency-free: the file ends with the footer (Thrift
/// compact protocol), its 4-byte little-endian length and "PAR1". Null when the file is not Parquet.
/// </summary>
public static class ParquetFooter
{
    public static readonly byte[] Magic = Encoding.ASCII.GetBytes("PAR1");
    private const int NumRowsField = 3;
    private const int MaxFooterBytes = 64 << 20;

    /// <summary>The declared row count, or null when the file is not a readable Parquet file. May throw IOException.</summary>
    public static long? Rows(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        if (file.Length < 12)
        {
            return null;
        }
        var tail = new byte[8];
        file.Seek(-8, SeekOrigin.End);
        if (file.Read(tail, 0, 8) != 8 || !tail.Skip(4).SequenceEqual(Magic))
        {
            return null;
        }
        var length = BitConverter.ToInt32(BitConverter.IsLittleEndian ? tail : [.. tail.Take(4).Reverse(), .. tail.Skip(4)], 0);
        if (length <= 0 || length > MaxFooterBytes || length > file.Length - 12)
        {
            return null;
        }
        var footer = new byte[length];
        file.Seek(-8 - length, SeekOrigin.End);
        var read = 0;
        while (read < length && file.Read(footer, read, length - read) is var n and > 0)
        {
            read += n;
        }
        try
        {
            return read == length ? new CompactReader(footer).NumRows() : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Just enough of Thrift's compact protocol to find one i64 field of the top-level struct.</summary>
    private sealed class CompactReader(byte[] bytes)
    {
        private int position;

        public long? NumRows()
        {
            short field = 0;
            while (true)
            {
                var header = Byte();
                if (header == 0)
                {
                    return null;
                }
                var type = header & 0x0f;
                field = (header >> 4) is var delta and > 0 ? (short)(field + delta) : (short)ZigZag(Varint());
                if (field == NumRowsField && type == 6)
                {
                    return ZigZag(Varint());
                }
                Skip(type, 0);
            }
        }

        private void Skip(int type, int depth)
        {
            if (depth > 64)
            {
                throw new InvalidDataException("the footer nests too deeply");
            }
            switch (type)
            {
                case 1 or 2: // booleans live in the field header
                    break;
                case 3:
                    Byte();
                    break;
                case 4 or 5 or 6:
                    Varint();
                    break;
                case 7:
                    Advance(8);
                    break;
                case 8:
                    Advance(checked((int)Varint()));
                    break;
                case 9 or 10:
                    var list = Byte();
                    var size = (list >> 4) == 15 ? checked((int)Varint()) : list >> 4;
                    for (var i = 0; i < size; i++)
                    {
                        SkipElement(list & 0x0f, depth);
                    }
                    break;
                case 11:
                    var entries = checked((int)Varint());
                    if (entries > 0)
                    {
                        var kinds = Byte();
                        for (var i = 0; i < entries; i++)
                        {
                            SkipElement(kinds >> 4, depth);
                            SkipElement(kinds & 0x0f, depth);
                        }
                    }
                    break;
                case 12:
                    while (Byte() is var header and not 0)
                    {
                        if ((header >> 4) == 0)
                        {
                            Varint();
                        }
                        Skip(header & 0x0f, depth + 1);
                    }
                    break;
                default:
                    throw new InvalidDataException($"unknown Thrift type {type}");
            }
        }

        /// <summary>In a list, a boolean takes a byte of its own.</summary>
        private void SkipElement(int type, int depth)
        {
            if (type is 1 or 2)
            {
                Byte();
                return;
            }
            Skip(type, depth + 1);
        }

        private byte Byte() => position < bytes.Length ? bytes[position++] : throw new InvalidDataException("the footer ends early");

        private void Advance(int count) =>
            position = count >= 0 && position + count <= bytes.Length ? position + count : throw new InvalidDataException("the footer ends early");

        private ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = Byte();
                value |= (ulong)(b & 0x7f) << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }
            }
            throw new InvalidDataException("a varint is too long");
        }

        private static long ZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);
    }
}
