using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace MlOps.Core.Data;

/// <summary>One Parquet column of one row group as the table's text cells (null: missing).</summary>
internal static class ParquetCells
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly Dictionary<Type, Func<ParquetRowGroupReader, DataField, int, CancellationToken, Task<string?[]>>> Readers = new()
    {
        [typeof(string)] = Strings,
        // How Parquet.Net 6 types a UTF-8 string column when it reads a file.
        [typeof(ReadOnlyMemory<char>)] = Strings,
        [typeof(bool)] = (g, f, n, ct) => Values<bool>(g, f, n, v => v ? "true" : "false", ct),
        [typeof(sbyte)] = (g, f, n, ct) => Values<sbyte>(g, f, n, v => v.ToString(Invariant), ct),
        [typeof(byte)] = (g, f, n, ct) => Values<byte>(g, f, n, v => v.ToString(Invariant), ct),
        [typeof(short)] = (g, f, n, ct) => Values<short>(g, f, n, v => v.ToString(Invariant), ct),
        [typeof(ushort)] = (g, f, n, ct) => Values<ushort>(g, f, n, v => v.ToString(Invariant), ct),
        [typeof(int)] = (g, f, n, ct) => Values<int>(g, f, n, v => v.ToString(Invariant), ct),
        [typeof(uint)] = (g, f, n, ct) => Values<uint>(g, f, n, v => v.ToString(Invariant), ct),
        [typeof(long)] = (g, f, n, ct) => Values<long>(g, f, n, v => v.ToString(Invariant), ct),
        [typeof(ulong)] = (g, f, n, ct) => Values<ulong>(g, f, n, v => v.ToString(Invariant), ct),
        // Shortest round-trip text: a float32 0.1 reads as "0.1", as pandas writes it to CSV.
        [typeof(float)] = (g, f, n, ct) => Values<float>(g, f, n, v => v.ToString(Invariant), ct),
        [typeof(double)] = (g, f, n, ct) => Values<double>(g, f, n, v => v.ToString(Invariant), ct),
        [typeof(decimal)] = (g, f, n, ct) => Values<decimal>(g, f, n, v => v.ToString(Invariant), ct),
    };

    public static bool Supports(Type type) => Readers.ContainsKey(type);

    public static Task<string?[]> ReadAsync(ParquetRowGroupReader group, DataField field, int count, CancellationToken ct) =>
        Readers[field.ClrType](group, field, count, ct);

    private static async Task<string?[]> Strings(ParquetRowGroupReader group, DataField field, int count, CancellationToken ct)
    {
        var values = new string?[count];
        await group.ReadAsync(field, values.AsMemory(), null, ct).ConfigureAwait(false);
        return values;
    }

    private static async Task<string?[]> Values<T>(ParquetRowGroupReader group, DataField field, int count, Func<T, string> format, CancellationToken ct)
        where T : struct
    {
        var cells = new string?[count];
        if (field.IsNullable)
        {
            var values = new T?[count];
            await group.ReadAsync<T>(field, values.AsMemory(), null, ct).ConfigureAwait(false);
            for (var i = 0; i < count; i++)
            {
                cells[i] = values[i] is { } v ? format(v) : null;
            }
            return cells;
        }
        var plain = new T[count];
        await group.ReadAsync(field, plain.AsMemory(), null, ct).ConfigureAwait(false);
        for (var i = 0; i < count; i++)
        {
            cells[i] = format(plain[i]);
        }
        return cells;
    }
}
