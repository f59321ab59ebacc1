using System.Buffers;

namespace System.Text;

/// <summary>
/// The part of .NET Core 3's <c>Rune</c> that spec reading uses: decoding one UTF-8 scalar, with the
/// same rules (shortest form only, no surrogates, at most U+10FFFF) and the same statuses.
/// </summary>
internal readonly struct Rune
{
    private Rune(int value) => Value = value;

    public int Value { get; }

    public static OperationStatus DecodeFromUtf8(ReadOnlySpan<byte> source, out Rune result, out int bytesConsumed)
    {
        result = default;
        bytesConsumed = 0;
        if (source.IsEmpty)
        {
            return OperationStatus.NeedMoreData;
        }
        var first = source[0];
        var (length, value, minimum) = first switch
        {
            < 0x80 => (1, first, 0),
            >= 0xC2 and < 0xE0 => (2, first & 0x1F, 0x80),
            >= 0xE0 and < 0xF0 => (3, first & 0x0F, 0x800),
            >= 0xF0 and < 0xF5 => (4, first & 0x07, 0x10000),
            _ => (0, 0, 0),
        };
        if (length == 0)
        {
            bytesConsumed = 1;
            return OperationStatus.InvalidData;
        }
        for (var i = 1; i < length; i++)
        {
            if (i >= source.Length)
            {
                bytesConsumed = i;
                return OperationStatus.NeedMoreData;
            }
            if ((source[i] & 0xC0) != 0x80)
            {
                bytesConsumed = i;
                return OperationStatus.InvalidData;
            }
            value = (value << 6) | (source[i] & 0x3F);
        }
        if (value < minimum || value > 0x10FFFF || value is >= 0xD800 and <= 0xDFFF)
        {
            bytesConsumed = 1;
            return OperationStatus.InvalidData;
        }
        result = new Rune(value);
        bytesConsumed = length;
        return OperationStatus.Done;
    }
}
