using System.Globalization;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Export;

namespace MlOps.Runtime;

/// <summary>
/// Rows of named values to the graph's <c>features</c>, as the trainer's tabular encoder does: each
/// numeric column <c>(float)((x − mean) / std)</c> computed in double, each categorical column a
/// one-hot block (the trimmed text; an unseen value is all zeros); a missing cell (null, empty, NA,
/// NaN) takes the training fill under <c>missing: impute</c> and is an error under <c>missing: error</c>.
/// Text values are parsed as the trainer parses CSV cells (invariant culture).
/// </summary>
internal sealed class TabularRows
{
    private readonly TabularPreprocessing tabular;
    private readonly Dictionary<string, int>[] lookups;
    private readonly int[] widths;

    public TabularRows(TabularPreprocessing tabular)
    {
        this.tabular = tabular;
        lookups = [.. tabular.Columns.Select(c => c.Categories.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal))];
        widths = [.. tabular.Columns.Select(c => c.Kind == "numeric" ? 1 : c.Categories.Count)];
        Width = widths.Sum();
    }

    public int Width { get; }

    public IEnumerable<string> ColumnNames => tabular.Columns.Select(c => c.Name);

    public void Encode(IReadOnlyDictionary<string, object?> row, Span<float> features)
    {
        features.Clear();
        var offset = 0;
        for (var c = 0; c < tabular.Columns.Count; c++)
        {
            var column = tabular.Columns[c];
            if (!row.TryGetValue(column.Name, out var value))
            {
                throw Invalid($"the row has no value for column '{column.Name}'; the model reads {string.Join(", ", ColumnNames)} (pass null for a missing value)");
            }
            if (column.Kind == "numeric" && Exact(value) is { } number)
            {
                // A double (or an integer) is the number the trainer's CSV parse would give for its round-trip text: no text detour.
                features[offset] = Scaled(column, number);
                offset += widths[c];
                continue;
            }
            var text = Text(value);
            if (IsMissing(text))
            {
                if (tabular.Missing != "impute")
                {
                    throw Invalid($"column '{column.Name}' is missing, and the model was trained with `data.missing: error`; give a value");
                }
                text = column.Kind == "numeric" ? null : column.Fill;
            }
            if (column.Kind == "numeric")
            {
                features[offset] = Scaled(column, text is null ? column.Mean : Number(column.Name, text));
            }
            else if (text is not null && lookups[c].TryGetValue(text.Trim(), out var hot))
            {
                features[offset + hot] = 1f;
            }
            offset += widths[c];
        }
    }

    private static float Scaled(TabularColumn column, double x)
    {
        var scaled = (float)((x - column.Mean) / column.Std);
        return float.IsFinite(scaled)
            ? scaled
            : throw Invalid($"column '{column.Name}': {x.ToString("G6", CultureInfo.InvariantCulture)} is too far from the training mean for a 32-bit float");
    }

    /// <summary>Finite doubles and integers as they are; null for anything that goes through text (strings, floats, decimals, NaN: missing).</summary>
    private static double? Exact(object? value) => value switch
    {
        double d when double.IsFinite(d) => d,
        int i => i,
        long l => l,
        _ => null,
    };

    /// <summary>A value as the CSV cell the trainer would have read: numbers in invariant culture, round-trip precision.</summary>
    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>As the trainer: null, empty, NA and NaN (any case, trimmed) are missing.</summary>
    private static bool IsMissing(string? value)
    {
        if (value is null)
        {
            return true;
        }
        var trimmed = value.AsSpan().Trim();
        return trimmed.IsEmpty || trimmed.Equals("NA", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("NaN", StringComparison.OrdinalIgnoreCase);
    }

    private static double Number(string column, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x)
            ? x
            : throw Invalid($"column '{column}' is numeric in the training data, but '{text}' is not a finite number");

    private static MlOpsException Invalid(string what) =>
        new(Diagnostic.Error(RuntimeErrorCodes.InputInvalid, what, SourceLocation.None("input")));
}
