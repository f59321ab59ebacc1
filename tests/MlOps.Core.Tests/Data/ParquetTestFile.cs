using System.Globalization;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace MlOps.Core.Tests.Data;

/// <summary>Parquet files written with Parquet.Net for the tests: any schema, rows as dictionaries, small row groups.</summary>
internal static class ParquetTestFile
{
    public static string Write(string path, ParquetSchema schema, IReadOnlyList<Dictionary<string, object?>> rows, int rowGroupSize)
    {
        using var stream = File.Create(path);
        ParquetSerializer.SerializeUntypedAsync([.. rows.Select(r => (IDictionary<string, object?>)r)], schema, stream,
            new ParquetOptions { RowGroupSize = rowGroupSize }).GetAwaiter().GetResult();
        return path;
    }

    /// <summary>The CSV that TempRepository writes, as Parquet: numbers as doubles, text as strings.</summary>
    public static string FromCsv(string csvPath, string parquetPath, int rowGroupSize = 16)
    {
        var lines = File.ReadAllLines(csvPath);
        var header = lines[0].Split(',');
        var cells = lines.Skip(1).Select(l => l.Split(',')).ToList();
        var numeric = header.Select((name, c) => cells.All(r => double.TryParse(r[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var _))).ToArray();
        var schema = new ParquetSchema(header.Select((name, c) => numeric[c] ? (Field)new DataField<double>(name) : new DataField<string>(name)));
        var rows = cells.Select(r => header.Select((name, c) => (name, value: numeric[c] ? (object?)double.Parse(r[c], CultureInfo.InvariantCulture) : r[c]))
            .ToDictionary<(string name, object? value), string, object?>(p => p.name, p => p.value)).ToList();
        return Write(parquetPath, schema, rows, rowGroupSize);
    }
}
