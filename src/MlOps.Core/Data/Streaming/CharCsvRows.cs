using System.Globalization;
using System.Text;

namespace MlOps.Core.Data.Streaming;

/// <summary>A CSV file with a UTF-16 or UTF-32 byte order mark, decoded by a StreamReader and parsed by <see cref="CsvRecordParser"/>.</summary>
internal sealed class CharCsvRows : TableRows
{
    private readonly StreamReader _reader;
    private readonly CsvRecordParser _parser;
    private readonly char _delimiter;
    private RawRow? _row;

    public CharCsvRows(string path, char delimiter, CancellationToken ct)
    {
        Path = path;
        _delimiter = delimiter;
        _reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        _parser = new CsvRecordParser(_reader, delimiter, path, ct);
        var header = _parser.Next() ?? throw DataError.File(DataErrorCodes.Empty, path, "the file is empty: a CSV needs a header line with the column names.");
        Columns = CsvReader.CheckHeader(path, header.Cells);
    }

    public override string Path { get; }

    public override IReadOnlyList<string> Columns { get; }

    public override int Line => _row!.Line;

    public override bool Read()
    {
        _row = _parser.Next();
        if (_row is not null && _row.Cells.Length != Columns.Count)
        {
            throw DataError.At(DataErrorCodes.CsvMalformed, Path, _row.Line, Math.Min(_row.Cells.Length, Columns.Count) + 1, string.Create(CultureInfo.InvariantCulture,
                $"row at line {_row.Line} has {_row.Cells.Length} fields, the header has {Columns.Count} ('{_delimiter}'-separated). Quote fields that contain '{_delimiter}' or line breaks."));
        }
        return _row is not null;
    }

    public override string? Text(int column) => _row!.Cells[column];

    public override void Dispose() => _reader.Dispose();
}
