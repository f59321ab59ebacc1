namespace MlOps.Core.Data;

/// <summary>
/// Shares the string of short, repeated cell values ("0", "1", "Good", …): a file of a million rows
/// then holds a few thousand distinct strings instead of tens of millions of copies.
/// </summary>
internal sealed class FieldPool
{
    private const int MaxPooledLength = 24;
    private const int MaxEntries = 1 << 16;
    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public FieldPool() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<char> value)
    {
        if (value.Length > MaxPooledLength)
        {
            return value.ToString();
        }
        if (_lookup.TryGetValue(value, out var shared))
        {
            return shared;
        }
        var text = value.ToString();
        if (_strings.Count < MaxEntries)
        {
            _strings.Add(text);
        }
        return text;
    }
}
