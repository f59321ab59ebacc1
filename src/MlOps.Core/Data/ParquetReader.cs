using System.Globalization;
using MlOps.Contracts.Diagnostics;
using Parquet.Schema;

namespace MlOps.Core.Data;

/// <summary>
/// Parquet into the table contract, one row group at a time: numbers keep their shortest
/// round-trip text (what pandas writes to CSV for the same column), booleans become "true"/"false",
/// null is a missing value. Only flat columns of numbers, booleans and strings are read; Parquet has
/// no lines, so errors name the file and the column, and a row's "line" is its 1-based row number.
/// </summary>
internal static class ParquetReader
{
    /// <summary>Reads one file, or the shards of a pattern (<see cref="DataFiles"/>) in order as one table.</summary>
    public static RawTable Read(string path, DataLoadOptions options, CancellationToken ct)
    {
        IReadOnlyList<string>? columns = null;
        var rows = new List<RawRow>();
        foreach (var file in DataFiles.Expand(path))
        {
            var fileColumns = ReadFile(file, rows, options, ct);
            if (columns is not null && !columns.SequenceEqual(fileColumns, StringComparer.Ordinal))
            {
                throw DataError.File(DataErrorCodes.ParquetMalformed, file,
                    $"this shard's columns ({string.Join(", ", fileColumns)}) differ from the first shard's ({string.Join(", ", columns)}); the shards of one split must share one schema.");
            }
            columns ??= fileColumns;
        }
        if (columns is null)
        {
            throw DataError.File(DataErrorCodes.FileNotFound, path, "no Parquet file matches this location.");
        }
        return new RawTable(path, columns, rows);
    }

    private static IReadOnlyList<string> ReadFile(string file, List<RawRow> rows, DataLoadOptions options, CancellationToken ct)
    {
        try
        {
            return ReadFileAsync(file, rows, options, ct).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not (MlOpsException or OperationCanceledException or OutOfMemoryException))
        {
            // A damaged file fails deep inside the decoder (Thrift headers, encodings, decompression), each
            // with its own exception type; whichever it is, the file is what is wrong.
            throw DataError.File(DataErrorCodes.ParquetMalformed, file,
                $"the file is not a readable Parquet file ({e.Message.TrimEnd('.')}); it may be truncated, damaged or of another format. Write it again (e.g. pandas DataFrame.to_parquet).");
        }
    }

    private static async Task<IReadOnlyList<string>> ReadFileAsync(string file, List<RawRow> rows, DataLoadOptions options, CancellationToken ct)
    {
        RequireMagic(file);
        await using var reader = await Parquet.ParquetReader.CreateAsync(file, cancellationToken: ct).ConfigureAwait(false);
        var fields = Columns(file, reader.Schema);
        for (var group = 0; group < reader.RowGroupCount; group++)
        {
            ct.ThrowIfCancellationRequested();
            using var rowGroup = reader.OpenRowGroupReader(group);
            var count = checked((int)rowGroup.RowCount);
            options.EnsureFits(file, rows.Count + (long)count, fields.Count);
            var cells = new string?[fields.Count][];
            for (var c = 0; c < fields.Count; c++)
            {
                cells[c] = await ParquetCells.ReadAsync(rowGroup, fields[c], count, ct).ConfigureAwait(false);
            }
            for (var r = 0; r < count; r++)
            {
                var row = new string?[fields.Count];
                for (var c = 0; c < fields.Count; c++)
                {
                    row[c] = cells[c][r];
                }
                rows.Add(new RawRow(rows.Count + 1, row));
            }
        }
        return [.. fields.Select(f => f.Name)];
    }

    /// <summary>The library's own message for a file that is not Parquet is vague; this one says what the file lacks.</summary>
    private static void RequireMagic(string file)
    {
        using var stream = File.OpenRead(file);
        var magic = MlOps.Specs.Formats.ParquetFooter.Magic;
        Span<byte> head = stackalloc byte[4];
        Span<byte> tail = stackalloc byte[4];
        var ok = stream.Length >= 12 && stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4;
        if (ok)
        {
            stream.Seek(-4, SeekOrigin.End);
            ok = stream.ReadAtLeast(tail, 4, throwOnEndOfStream: false) == 4 && head.SequenceEqual(magic) && tail.SequenceEqual(magic);
        }
        if (!ok)
        {
            throw DataError.File(DataErrorCodes.ParquetMalformed, file, string.Create(CultureInfo.InvariantCulture,
                $"the file is not Parquet: it does not start and end with the bytes 'PAR1' ({stream.Length} bytes; a truncated file loses its footer). Check data.format, or write the file again."));
        }
    }

    /// <summary>The top-level columns, each a flat number, boolean or string; anything else is named and refused.</summary>
    private static List<DataField> Columns(string file, ParquetSchema schema)
    {
        var fields = new List<DataField>();
        for (var i = 0; i < schema.Fields.Count; i++)
        {
            var field = schema.Fields[i];
            var problem = field switch
            {
                DataField { IsArray: true } => "a repeated (list) column",
                DataField data when !ParquetCells.Supports(data.ClrType) => $"of type {data.ClrType.Name}",
                DataField => null,
                _ => $"a nested {field.SchemaType.ToString().ToLowerInvariant()} column",
            };
            if (problem is not null)
            {
                throw DataError.File(DataErrorCodes.ParquetUnsupportedColumn, file, string.Create(CultureInfo.InvariantCulture,
                    $"column '{field.Name}' (#{i + 1}) is {problem}; MlOps reads flat columns of numbers, booleans and strings. Drop the column from the file or convert it (e.g. to a string) before training."));
            }
            fields.Add((DataField)field);
        }
        if (fields.Count == 0)
        {
            throw DataError.File(DataErrorCodes.Empty, file, "the file has no columns.");
        }
        return fields;
    }
}
