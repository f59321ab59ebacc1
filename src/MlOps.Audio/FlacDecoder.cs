using System.Globalization;

namespace MlOps.Audio;

/// <summary>
/// A FLAC decoder (https://xiph.org/flac/format.html): STREAMINFO, then frames of constant,
/// verbatim, fixed and LPC subframes with partitioned Rice residuals and stereo decorrelation.
/// Our own because neither served .NET audio library reads FLAC on Linux (NAudio.Core reads WAV
/// only; its FLAC support would go through Windows Media Foundation, and NWaves reads WAV only).
/// Problems are <see cref="InvalidDataException"/> (corrupt) or <see cref="NotSupportedException"/>.
/// </summary>
internal static class FlacDecoder
{
    public static bool HasMagic(ReadOnlySpan<byte> head) => head.Length >= 4 && head[0] == 'f' && head[1] == 'L' && head[2] == 'a' && head[3] == 'C';

    /// <summary>The stream, mixed down to mono, as floats in [-1, 1).</summary>
    public static DecodedAudio Decode(byte[] file)
    {
        var reader = new FlacBitReader(file, 4);
        var info = ReadMetadata(reader);
        var samples = new List<float>(info.TotalSamples > 0 ? (int)Math.Min(info.TotalSamples, int.MaxValue / 2) : 1 << 16);
        var channels = new long[info.Channels][];
        while (reader.BytesLeft > 2)
        {
            var frame = ReadFrameHeader(reader, info);
            for (var c = 0; c < frame.Channels; c++)
            {
                var sideChannel = (frame.Assignment == 8 && c == 1) || (frame.Assignment == 9 && c == 0) || (frame.Assignment == 10 && c == 1);
                if (channels[c] is null || channels[c].Length < frame.BlockSize)
                {
                    channels[c] = new long[frame.BlockSize];
                }
                ReadSubframe(reader, channels[c].AsSpan(0, frame.BlockSize), frame.BitsPerSample + (sideChannel ? 1 : 0));
            }
            reader.AlignToByte();
            reader.ReadBits(16); // CRC-16 of the frame
            Decorrelate(frame, channels);
            var scale = 1.0 / (1L << (frame.BitsPerSample - 1));
            for (var i = 0; i < frame.BlockSize; i++)
            {
                double sum = 0;
                for (var c = 0; c < frame.Channels; c++)
                {
                    sum += channels[c][i];
                }
                samples.Add((float)(sum * scale / frame.Channels));
            }
        }
        if (samples.Count == 0)
        {
            throw new InvalidDataException("the FLAC stream holds no audio frames.");
        }
        return new DecodedAudio([.. samples], info.SampleRate, info.Channels, info.BitsPerSample, "FLAC");
    }

    private sealed record StreamInfo(int SampleRate, int Channels, int BitsPerSample, long TotalSamples);

    private sealed record FrameHeader(int BlockSize, int Channels, int Assignment, int BitsPerSample);

    private static StreamInfo ReadMetadata(FlacBitReader reader)
    {
        StreamInfo? info = null;
        var last = false;
        while (!last)
        {
            last = reader.ReadBits(1) == 1;
            var type = (int)reader.ReadBits(7);
            var length = (int)reader.ReadBits(24);
            if (type == 0)
            {
                if (length < 34)
                {
                    throw new InvalidDataException("the FLAC STREAMINFO block is shorter than 34 bytes.");
                }
                reader.ReadBits(16 + 16 + 24 + 24); // block and frame size bounds
                var rate = (int)reader.ReadBits(20);
                var channels = (int)reader.ReadBits(3) + 1;
                var bits = (int)reader.ReadBits(5) + 1;
                var total = (long)reader.ReadBits(36);
                reader.Skip(16 + (length - 34)); // MD5
                if (rate == 0 || bits < 4)
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"the FLAC STREAMINFO declares {rate} Hz and {bits} bits per sample."));
                }
                info = new StreamInfo(rate, channels, bits, total);
            }
            else
            {
                reader.Skip(length);
            }
        }
        return info ?? throw new InvalidDataException("the FLAC stream has no STREAMINFO block.");
    }

    private static FrameHeader ReadFrameHeader(FlacBitReader reader, StreamInfo info)
    {
        if (reader.ReadBits(14) != 0x3FFE)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"no FLAC frame sync code at byte {reader.BytePosition - 2}: the file is corrupt or truncated."));
        }
        reader.ReadBits(2); // reserved, blocking strategy
        var blockCode = (int)reader.ReadBits(4);
        var rateCode = (int)reader.ReadBits(4);
        var assignment = (int)reader.ReadBits(4);
        var sizeCode = (int)reader.ReadBits(3);
        reader.ReadBits(1);
        // The frame or sample number, UTF-8 style: the leading ones of the first byte count the bytes.
        var first = (int)reader.ReadBits(8);
        var extra = 0;
        while (extra < 7 && (first & (0x80 >> extra)) != 0)
        {
            extra++;
        }
        for (var i = 1; i < extra; i++)
        {
            reader.ReadBits(8);
        }
        var blockSize = blockCode switch
        {
            1 => 192,
            >= 2 and <= 5 => 576 << (blockCode - 2),
            6 => (int)reader.ReadBits(8) + 1,
            7 => (int)reader.ReadBits(16) + 1,
            >= 8 => 256 << (blockCode - 8),
            _ => throw new InvalidDataException("a FLAC frame uses the reserved block size code 0."),
        };
        switch (rateCode)
        {
            case 12: reader.ReadBits(8); break;
            case 13 or 14: reader.ReadBits(16); break;
            case 15: throw new InvalidDataException("a FLAC frame uses the invalid sample rate code 15.");
        }
        var bits = sizeCode switch
        {
            0 => info.BitsPerSample,
            1 => 8,
            2 => 12,
            4 => 16,
            5 => 20,
            6 => 24,
            7 => 32,
            _ => throw new InvalidDataException("a FLAC frame uses the reserved sample size code 3."),
        };
        reader.ReadBits(8); // CRC-8 of the header
        var channels = assignment switch
        {
            <= 7 => assignment + 1,
            <= 10 => 2,
            _ => throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"a FLAC frame uses the reserved channel assignment {assignment}.")),
        };
        if (channels != info.Channels)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"a FLAC frame has {channels} channels, STREAMINFO declares {info.Channels}."));
        }
        return new FrameHeader(blockSize, channels, assignment, bits);
    }

    private static void ReadSubframe(FlacBitReader reader, Span<long> output, int bits)
    {
        if (reader.ReadBits(1) != 0)
        {
            throw new InvalidDataException("a FLAC subframe header does not start with a zero bit: the file is corrupt.");
        }
        var type = (int)reader.ReadBits(6);
        var wasted = 0;
        if (reader.ReadBits(1) == 1)
        {
            wasted = reader.ReadUnary() + 1;
            bits -= wasted;
        }
        if (type == 0)
        {
            output.Fill(reader.ReadSigned(bits));
        }
        else if (type == 1)
        {
            for (var i = 0; i < output.Length; i++)
            {
                output[i] = reader.ReadSigned(bits);
            }
        }
        else if (type is >= 8 and <= 12)
        {
            var order = type - 8;
            ReadWarmup(reader, output, order, bits);
            ReadResidual(reader, output, order);
            RestoreFixed(output, order);
        }
        else if (type >= 32)
        {
            var order = type - 31;
            ReadWarmup(reader, output, order, bits);
            var precision = (int)reader.ReadBits(4) + 1;
            if (precision == 16)
            {
                throw new InvalidDataException("a FLAC LPC subframe uses the invalid coefficient precision 15.");
            }
            var shift = reader.ReadSigned(5);
            if (shift < 0)
            {
                throw new NotSupportedException("a FLAC LPC subframe uses a negative quantisation shift.");
            }
            var coefficients = new long[order];
            for (var i = 0; i < order; i++)
            {
                coefficients[i] = reader.ReadSigned(precision);
            }
            ReadResidual(reader, output, order);
            RestoreLpc(output, coefficients, (int)shift);
        }
        else
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"a FLAC subframe uses the reserved type {type}."));
        }
        if (wasted > 0)
        {
            for (var i = 0; i < output.Length; i++)
            {
                output[i] <<= wasted;
            }
        }
    }

    private static void ReadWarmup(FlacBitReader reader, Span<long> output, int order, int bits)
    {
        if (order > output.Length)
        {
            throw new InvalidDataException("a FLAC subframe's predictor order exceeds its block size.");
        }
        for (var i = 0; i < order; i++)
        {
            output[i] = reader.ReadSigned(bits);
        }
    }

    /// <summary>Partitioned Rice residuals after the <paramref name="order"/> warm-up samples.</summary>
    private static void ReadResidual(FlacBitReader reader, Span<long> output, int order)
    {
        var method = (int)reader.ReadBits(2);
        if (method > 1)
        {
            throw new InvalidDataException("a FLAC residual uses a reserved coding method.");
        }
        var parameterBits = method == 0 ? 4 : 5;
        var escape = (1 << parameterBits) - 1;
        var partitionOrder = (int)reader.ReadBits(4);
        var partitions = 1 << partitionOrder;
        var perPartition = output.Length >> partitionOrder;
        if (perPartition < order || (perPartition << partitionOrder) != output.Length)
        {
            throw new InvalidDataException("a FLAC residual's partitions do not fit its block.");
        }
        var position = order;
        for (var p = 0; p < partitions; p++)
        {
            var count = p == 0 ? perPartition - order : perPartition;
            var parameter = (int)reader.ReadBits(parameterBits);
            if (parameter == escape)
            {
                var raw = (int)reader.ReadBits(5);
                for (var i = 0; i < count; i++)
                {
                    output[position++] = raw == 0 ? 0 : reader.ReadSigned(raw);
                }
                continue;
            }
            for (var i = 0; i < count; i++)
            {
                var quotient = (ulong)reader.ReadUnary();
                var value = (quotient << parameter) | reader.ReadBits(parameter);
                output[position++] = (long)(value >> 1) ^ -(long)(value & 1);
            }
        }
    }

    private static void RestoreFixed(Span<long> s, int order)
    {
        for (var i = order; i < s.Length; i++)
        {
            s[i] += order switch
            {
                0 => 0,
                1 => s[i - 1],
                2 => (2 * s[i - 1]) - s[i - 2],
                3 => (3 * s[i - 1]) - (3 * s[i - 2]) + s[i - 3],
                _ => (4 * s[i - 1]) - (6 * s[i - 2]) + (4 * s[i - 3]) - s[i - 4],
            };
        }
    }

    private static void RestoreLpc(Span<long> s, long[] coefficients, int shift)
    {
        for (var i = coefficients.Length; i < s.Length; i++)
        {
            long sum = 0;
            for (var j = 0; j < coefficients.Length; j++)
            {
                sum += coefficients[j] * s[i - 1 - j];
            }
            s[i] += sum >> shift;
        }
    }

    private static void Decorrelate(FrameHeader frame, long[][] c)
    {
        for (var i = 0; i < frame.BlockSize; i++)
        {
            switch (frame.Assignment)
            {
                case 8: c[1][i] = c[0][i] - c[1][i]; break;   // left, side → right
                case 9: c[0][i] += c[1][i]; break;            // side, right → left
                case 10:
                    var mid = (c[0][i] << 1) | (c[1][i] & 1);
                    var side = c[1][i];
                    c[0][i] = (mid + side) >> 1;
                    c[1][i] = (mid - side) >> 1;
                    break;
            }
        }
    }
}
