namespace MlOps.Core.Data;

/// <summary>
/// JSON Lines: one flat object per line (<see cref="Streaming.JsonlRows"/> has the rules). Columns are the
/// first object's keys; a later object may omit keys (missing values) but not add new ones.
/// </summary>
internal static class JsonlReader
{
    /// <summary>The whole file as a <see cref="RawTable"/> (text data, tests); tabular loading streams instead.</summary>
    public static RawTable Read(string path, DataLoadOptions options, CancellationToken ct)
    {
        using var rows = Streaming.JsonlRows.Open(path, ct);
        return Streaming.TableRowsReader.ReadAll(rows, options, ct);
    }
}
