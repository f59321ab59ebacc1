namespace MlOps.Audio;

/// <summary>Big-endian bit reader over a whole FLAC file; reading past the end is a truncated file.</summary>
internal sealed class FlacBitReader(byte[] data, int start)
{
    private int _byte = start;
    private int _bit;

    public int BytePosition => _byte;

    public int BytesLeft => data.Length - _byte;

    public ulong ReadBits(int count)
    {
        ulong value = 0;
        for (var i = 0; i < count; i++)
        {
            if (_byte >= data.Length)
            {
                throw new InvalidDataException("the FLAC file ends in the middle of a frame: it is truncated.");
            }
            value = (value << 1) | (uint)((data[_byte] >> (7 - _bit)) & 1);
            if (++_bit == 8)
            {
                _bit = 0;
                _byte++;
            }
        }
        return value;
    }

    /// <summary>A two's complement number of <paramref name="count"/> bits.</summary>
    public long ReadSigned(int count)
    {
        if (count == 0)
        {
            return 0;
        }
        var value = ReadBits(count);
        var shift = 64 - count;
        return (long)(value << shift) >> shift;
    }

    /// <summary>The number of zero bits before the next one bit.</summary>
    public int ReadUnary()
    {
        var zeros = 0;
        while (true)
        {
            if (_byte >= data.Length)
            {
                throw new InvalidDataException("the FLAC file ends in the middle of a frame: it is truncated.");
            }
            if (_bit == 0 && data[_byte] == 0)
            {
                zeros += 8;
                _byte++;
                continue;
            }
            if (((data[_byte] >> (7 - _bit)) & 1) == 1)
            {
                if (++_bit == 8)
                {
                    _bit = 0;
                    _byte++;
                }
                return zeros;
            }
            zeros++;
            if (++_bit == 8)
            {
                _bit = 0;
                _byte++;
            }
        }
    }

    public void Skip(int bytes)
    {
        AlignToByte();
        if (bytes > data.Length - _byte)
        {
            throw new InvalidDataException("a FLAC metadata block runs past the end of the file: it is truncated.");
        }
        _byte += bytes;
    }

    public void AlignToByte()
    {
        if (_bit != 0)
        {
            _bit = 0;
            _byte++;
        }
    }
}
