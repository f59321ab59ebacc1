using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using MlOps.Contracts.Diagnostics;

namespace MlOps.Core.Data.Streaming;

/// <summary>
/// RFC 4180 CSV as UTF-8 bytes, one record per <see cref="Read"/>, with the same rules as
/// <see cref="CsvRecordParser"/>: quoted fields, doubled quotes, embedded newlines, CRLF/LF/CR, a
/// UTF-8 BOM, text after a closing quote kept, blank lines skipped. A record is tokenized in place in
/// a 64 KiB buffer (grown for a longer record); a cell becomes a string only when asked for as text.
/// Files with a UTF-16 or UTF-32 byte order mark are read by <see cref="CsvRecordParser"/> instead
/// (<see cref="Open"/>).
/// </summary>
internal sealed class CsvRows : TableRows
{
    private static readonly SearchValues<byte> CommaStops = SearchValues.Create(",\r\n"u8);
    private static readonly SearchValues<byte> SemicolonStops = SearchValues.Create(";\r\n"u8);
    private readonly Stream _stream;
    private readonly byte _delimiter;
    private readonly SearchValues<byte> _stops;
    private readonly CancellationToken _ct;
    private byte[] _buffer = new byte[1 << 16];
    private int _position;
    private int _end;
    private bool _endOfFile;
    private int _nextLine = 1;
    private int _line;
    private int[] _starts = new int[64];
    private int[] _lengths = new int[64];
    private bool[] _quoted = new bool[64];
    private int _fields;

    private CsvRows(string path, char delimiter, CancellationToken ct)
    {
        Path = path;
        _delimiter = (byte)delimiter;
        _stops = delimiter == ';' ? SemicolonStops : CommaStops;
        _ct = ct;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        Fill();
        if (_end >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
        {
            _position = 3;
        }
        Columns = ReadHeader();
    }

    /// <summary>Opens a CSV file and reads its header (MLOPS211 when empty, MLOPS201 for a bad header).</summary>
    public static TableRows Open(string path, CancellationToken ct)
    {
        var delimiter = CsvReader.DetectDelimiter(path);
        return HasWideByteOrderMark(path) ? new CharCsvRows(path, delimiter, ct) : new CsvRows(path, delimiter, ct);
    }

    public override string Path { get; }

    public override IReadOnlyList<string> Columns { get; }

    public override int Line => _line;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool Read()
    {
        while (true)
        {
            if (!NextRecord())
            {
                return false;
            }
            if (_fields == 1 && FieldLength(0) == 0)
            {
                continue; // a blank line
            }
            if (_fields != Columns.Count)
            {
                throw DataError.At(DataErrorCodes.CsvMalformed, Path, Line, Math.Min(_fields, Columns.Count) + 1, string.Create(CultureInfo.InvariantCulture,
                    $"row at line {Line} has {_fields} fields, the header has {Columns.Count} ('{(char)_delimiter}'-separated). Quote fields that contain '{(char)_delimiter}' or line breaks."));
            }
            return true;
        }
    }

    public override string? Text(int column) =>
        _quoted[column] ? Unquote(_buffer.AsSpan(_starts[column], _lengths[column])) : Encoding.UTF8.GetString(_buffer, _starts[column], _lengths[column]);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override CellKind Classify(int column, out double number) =>
        _quoted[column] ? ClassifyText(Text(column), out number) : NumberText.Classify(_buffer.AsSpan(_starts[column], _lengths[column]), out number);

    public override void Dispose() => _stream.Dispose();

    private IReadOnlyList<string> ReadHeader()
    {
        do
        {
            if (!NextRecord())
            {
                throw DataError.File(DataErrorCodes.Empty, Path, "the file is empty: a CSV needs a header line with the column names.");
            }
        }
        while (_fields == 1 && FieldLength(0) == 0);
        var cells = new string?[_fields];
        for (var i = 0; i < _fields; i++)
        {
            cells[i] = Text(i);
        }
        return CsvReader.CheckHeader(Path, cells);
    }

    private int FieldLength(int field) => _quoted[field] ? Unquote(_buffer.AsSpan(_starts[field], _lengths[field])).Length : _lengths[field];

    /// <summary>Tokenizes the next record in the buffer, refilling (and re-tokenizing) when it runs past the bytes read so far.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool NextRecord()
    {
        while (true)
        {
            if (_position >= _end && _endOfFile)
            {
                return false;
            }
            var line = _nextLine;
            var result = Tokenize(ref line);
            if (result >= 0)
            {
                _line = _nextLine;
                _nextLine = line;
                _position = result;
                return true;
            }
            Refill();
        }
    }

    /// <summary>The position after the record, or -1 when the buffer ends before the record does (and the file does not).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Tokenize(ref int line)
    {
        var buffer = _buffer;
        var p = _position;
        var start = line;
        _fields = 0;
        while (true)
        {
            if (_fields == _starts.Length)
            {
                Array.Resize(ref _starts, _fields * 2);
                Array.Resize(ref _lengths, _fields * 2);
                Array.Resize(ref _quoted, _fields * 2);
            }
            var fieldStart = p;
            var quoted = p < _end && buffer[p] == '"';
            if (quoted)
            {
                p++;
                while (true)
                {
                    var at = buffer.AsSpan(p, _end - p).IndexOfAny((byte)'"', (byte)'\n', (byte)'\r');
                    if (at < 0)
                    {
                        return _endOfFile ? throw Unterminated(start, _fields + 1) : -1;
                    }
                    p += at;
                    if (buffer[p] == '\n')
                    {
                        line++;
                        p++;
                    }
                    else if (buffer[p] == '\r')
                    {
                        if (p + 1 >= _end && !_endOfFile)
                        {
                            return -1;
                        }
                        if (p + 1 >= _end || buffer[p + 1] != '\n')
                        {
                            line++;
                        }
                        p++;
                    }
                    else if (p + 1 >= _end && !_endOfFile)
                    {
                        return -1;
                    }
                    else if (p + 1 < _end && buffer[p + 1] == '"')
                    {
                        p += 2;
                    }
                    else
                    {
                        p++;
                        break; // the closing quote; text up to the delimiter is kept as written
                    }
                }
            }
            var stop = buffer.AsSpan(p, _end - p).IndexOfAny(_stops);
            if (stop < 0)
            {
                if (!_endOfFile)
                {
                    return -1;
                }
                Add(fieldStart, _end, quoted);
                return _end;
            }
            p += stop;
            Add(fieldStart, p, quoted);
            if (buffer[p] == _delimiter)
            {
                p++;
                continue;
            }
            if (buffer[p] == '\r')
            {
                if (p + 1 >= _end && !_endOfFile)
                {
                    return -1;
                }
                p += p + 1 < _end && buffer[p + 1] == '\n' ? 2 : 1;
            }
            else
            {
                p++;
            }
            line++;
            return p;
        }
    }

    private void Add(int start, int end, bool quoted)
    {
        _starts[_fields] = start;
        _lengths[_fields] = end - start;
        _quoted[_fields] = quoted;
        _fields++;
    }

    private MlOpsException Unterminated(int line, int field) => DataError.At(DataErrorCodes.CsvMalformed, Path, line, field,
        $"the quoted field #{field} of the record starting at line {line} never ends: a closing '\"' is missing (write a quote inside a field as \"\").");

    /// <summary>Keeps the unread bytes, grows the buffer when one record fills it, and reads more. Cancellation is checked on every refill (64 KiB).</summary>
    private void Refill()
    {
        _ct.ThrowIfCancellationRequested();
        var rest = _end - _position;
        if (rest == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        else if (_position > 0)
        {
            Buffer.BlockCopy(_buffer, _position, _buffer, 0, rest);
        }
        _position = 0;
        _end = rest;
        Fill();
    }

    private void Fill()
    {
        while (_end < _buffer.Length)
        {
            var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _endOfFile = true;
                return;
            }
            _end += read;
        }
    }

    /// <summary>A quoted field as written: the text between the quotes with "" read as ", then whatever followed the closing quote.</summary>
    private static string Unquote(ReadOnlySpan<byte> raw)
    {
        var text = new StringBuilder(raw.Length);
        var decoded = Encoding.UTF8.GetString(raw[1..]);
        var i = 0;
        for (; i < decoded.Length; i++)
        {
            if (decoded[i] == '"')
            {
                if (i + 1 < decoded.Length && decoded[i + 1] == '"')
                {
                    text.Append('"');
                    i++;
                    continue;
                }
                i++;
                break;
            }
            text.Append(decoded[i]);
        }
        return text.Append(decoded.AsSpan(Math.Min(i, decoded.Length))).ToString();
    }

    private static bool HasWideByteOrderMark(string path)
    {
        Span<byte> head = stackalloc byte[2];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(head, 2, throwOnEndOfStream: false) == 2 && ((head[0] == 0xFE && head[1] == 0xFF) || (head[0] == 0xFF && head[1] == 0xFE));
    }
}
