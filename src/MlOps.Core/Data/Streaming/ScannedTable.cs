namespace MlOps.Core.Data.Streaming;

/// <summary>
/// What one pass over a tabular file keeps: per row its line, label and whether a feature is
/// missing; the sensitive columns' cells; the feature cells in a <see cref="CellSpill"/>. No row's
/// text is held, so memory grows by a few bytes per row, not by the file's size.
/// </summary>
internal sealed class ScannedTable(string path, IReadOnlyList<string> columns, int labelIndex, int[] featureIndices) : IDisposable
{
    public string Path { get; } = path;
    public IReadOnlyList<string> Columns { get; } = columns;
    public int LabelIndex { get; } = labelIndex;
    /// <summary>The file column of each feature, in feature order.</summary>
    public int[] FeatureIndices { get; } = featureIndices;
    public int Count { get; set; }
    public int[] Lines { get; set; } = [];
    /// <summary>Index into <see cref="LabelNames"/>; -1: the label is missing.</summary>
    public int[] LabelIds { get; set; } = [];
    public List<string> LabelNames { get; } = [];
    public bool[] FeatureMissing { get; set; } = [];
    /// <summary>The sensitive attributes' source cells (a <see cref="RawTable"/> that keeps only them); null when the spec has none.</summary>
    public RawTable? Sensitive { get; set; }
    public required CellSpill Spill { get; init; }
    public required ColumnTexts[] Texts { get; init; }
    /// <summary>Per feature: some cell was a number / some was text (a mixed column is scanned again as text).</summary>
    public required bool[] SawNumber { get; init; }
    public required bool[] SawText { get; init; }
    /// <summary>Per feature: every cell was kept as text (categorical, or mixed).</summary>
    public required bool[] TextColumns { get; init; }

    /// <summary>The text columns a later file cut by the same encoder needs: those scanned as text, and those where only text was seen.</summary>
    public bool[] TextColumnsForOthers() => [.. TextColumns.Select((t, f) => t || SawText[f])];

    /// <summary>The file's SHA-256 (for its <see cref="DatasetInfo"/>), computed once.</summary>
    public string Sha256 => _sha256 ??= DataFiles.Sha256(Path); // a Parquet split may be a shard pattern

    private string? _sha256;

    public string Label(int row) => LabelNames[LabelIds[row]];

    public void Dispose() => Spill.Dispose();
}
