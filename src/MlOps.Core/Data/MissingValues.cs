namespace MlOps.Core.Data;

/// <summary>What counts as a missing cell: empty, NA, NaN (any case), JSON null.</summary>
internal static class MissingValues
{
    public static bool IsMissing(string? value)
    {
        if (value is null)
        {
            return true;
        }
        var trimmed = value.AsSpan().Trim();
        return trimmed.IsEmpty
            || trimmed.Equals("NA", StringComparison.OrdinalIgnoreCase)
            || trimmed.Equals("NaN", StringComparison.OrdinalIgnoreCase);
    }
}
