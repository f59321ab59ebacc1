using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace MlOps.Core.Data.Streaming;

/// <summary>
/// Classifies a CSV cell from its UTF-8 bytes without making a string. Plain decimals ("-12.375")
/// take an exact fast path: at most 15 digits and 22 decimals give an integer and a power of ten that
/// are both exact doubles, so one division is correctly rounded, the same double as double.Parse.
/// Everything else (exponents, long numbers, non-ASCII) goes through the framework's parser.
/// </summary>
internal static class NumberText
{
    private static readonly double[] PowersOfTen =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static CellKind Classify(ReadOnlySpan<byte> cell, out double number)
    {
        number = 0;
        if (!Ascii.IsValid(cell))
        {
            return TableRows.ClassifyText(Encoding.UTF8.GetString(cell), out number);
        }
        var trimmed = Trim(cell);
        if (trimmed.IsEmpty || IsMissingWord(trimmed))
        {
            return CellKind.Missing;
        }
        if (TryFast(trimmed, out number))
        {
            return CellKind.Number;
        }
        return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && !double.IsNaN(number) ? CellKind.Number : CellKind.Text;
    }

    /// <summary>ASCII white space as char.IsWhiteSpace and NumberStyles.AllowLeadingWhite see it: tab to carriage return, and space.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> cell)
    {
        var start = 0;
        var end = cell.Length;
        while (start < end && IsWhite(cell[start]))
        {
            start++;
        }
        while (end > start && IsWhite(cell[end - 1]))
        {
            end--;
        }
        return cell[start..end];
    }

    private static bool IsWhite(byte b) => b == (byte)' ' || (b >= 9 && b <= 13);

    private static bool IsMissingWord(ReadOnlySpan<byte> t) =>
        (t.Length == 2 && (t[0] | 0x20) == 'n' && (t[1] | 0x20) == 'a')
        || (t.Length == 3 && (t[0] | 0x20) == 'n' && (t[1] | 0x20) == 'a' && (t[2] | 0x20) == 'n');

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryFast(ReadOnlySpan<byte> t, out double number)
    {
        number = 0;
        var i = 0;
        var negative = false;
        if (t[0] == '-' || t[0] == '+')
        {
            negative = t[0] == '-';
            i++;
        }
        ulong mantissa = 0;
        int digits = 0, decimals = 0;
        while (i < t.Length && (uint)(t[i] - '0') <= 9)
        {
            mantissa = (mantissa * 10) + (uint)(t[i++] - '0');
            digits++;
        }
        if (i < t.Length && t[i] == '.')
        {
            i++;
            while (i < t.Length && (uint)(t[i] - '0') <= 9)
            {
                mantissa = (mantissa * 10) + (uint)(t[i++] - '0');
                digits++;
                decimals++;
            }
        }
        if (i != t.Length || digits == 0 || digits > 15 || decimals > 22)
        {
            return false;
        }
        var value = mantissa / PowersOfTen[decimals];
        number = negative ? -value : value;
        return true;
    }
}
