namespace MlOps.Core.Data;

/// <summary>The RFC 4180 state machine: one record per <see cref="Next"/>, from a stream.</summary>
/// <param name="cancel">Checked every 64 Ki characters too: one endless field (a file without line breaks) still stops on Ctrl+C / SIGTERM.</param>
internal sealed class CsvRecordParser(TextReader reader, char delimiter, string path, CancellationToken cancel = default)
{
    private const int CancelCheckMask = (1 << 16) - 1;
    private long _read;
    private readonly FieldPool _pool = new();
    private char[] _field = new char[256];
    private int _length;
    private int _line = 1;

    /// <summary>The next non-blank record, with the line it starts on; null at the end.</summary>
    public RawRow? Next()
    {
        while (true)
        {
            if (reader.Peek() < 0)
            {
                return null;
            }
            var start = _line;
            var cells = ReadRecord(start);
            if (cells.Count == 1 && cells[0].Length == 0)
            {
                continue; // a blank line
            }
            return new RawRow(start, [.. cells]);
        }
    }

    private List<string> ReadRecord(int start)
    {
        var cells = new List<string>();
        while (true)
        {
            var endOfRecord = ReadField(start, cells.Count + 1);
            cells.Add(_pool.Get(_field.AsSpan(0, _length)));
            if (endOfRecord)
            {
                return cells;
            }
        }
    }

    /// <summary>Reads one field into the buffer; true when it ended the record.</summary>
    private bool ReadField(int start, int fieldNumber)
    {
        _length = 0;
        if (reader.Peek() == '"')
        {
            reader.Read();
            ReadQuoted(start, fieldNumber);
        }
        while (true)
        {
            var c = reader.Read();
            if (c < 0) { return true; }
            if (c == delimiter) { return false; }
            if (c == '\n') { _line++; return true; }
            if (c == '\r')
            {
                if (reader.Peek() == '\n') { reader.Read(); }
                _line++;
                return true;
            }
            Append((char)c); // lenient: text after a closing quote or a stray quote is kept
        }
    }

    private void ReadQuoted(int start, int fieldNumber)
    {
        while (true)
        {
            var c = reader.Read();
            if (c < 0)
            {
                throw DataError.At(DataErrorCodes.CsvMalformed, path, start, fieldNumber,
                    $"the quoted field #{fieldNumber} of the record starting at line {start} never ends: a closing '\"' is missing (write a quote inside a field as \"\").");
            }
            if (c == '"')
            {
                if (reader.Peek() != '"') { return; }
                reader.Read();
            }
            else if (c == '\n') { _line++; }
            else if (c == '\r' && reader.Peek() != '\n') { _line++; }
            Append((char)c);
        }
    }

    private void Append(char c)
    {
        if ((++_read & CancelCheckMask) == 0)
        {
            cancel.ThrowIfCancellationRequested();
        }
        if (_length == _field.Length)
        {
            Array.Resize(ref _field, _field.Length * 2);
        }
        _field[_length++] = c;
    }
}
