using System.Buffers;
using System.Globalization;
using System.Text;
using MlOps.Text;

namespace MlOps.Core.Data;

/// <summary>
/// Text must arrive as written: the readers decode leniently (a bad byte becomes U+FFFD), which
/// would silently change the tokens, so text files are checked to be UTF-8 first, and the first bad
/// byte is reported by line and column.
/// </summary>
internal static class Utf8Check
{
    public static void Require(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return;
        }
        var span = bytes.AsSpan();
        int line = 1, column = 1, offset = 0;
        while (offset < span.Length)
        {
            if (Rune.DecodeFromUtf8(span[offset..], out var rune, out var consumed) == OperationStatus.InvalidData)
            {
                throw DataError.At(TextErrorCodes.NotUtf8, path, line, column, string.Create(CultureInfo.InvariantCulture,
                    $"line {line}, character {column}: byte 0x{span[offset]:X2} is not valid UTF-8 (the file may be Latin-1 or Windows-1252). Re-save the file as UTF-8."));
            }
            (line, column) = rune.Value == '\n' ? (line + 1, 1) : (line, column + 1);
            offset += consumed;
        }
    }
}
