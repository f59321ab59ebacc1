using System.Globalization;
using MlOps.Core.Gates;

namespace MlOps.Core.Reporting;

/// <summary>Numbers as reports print them: the gate messages' format, a dash for absent values.</summary>
internal static class ReportNumbers
{
    public static string Value(double? value) => value is { } v ? GateText.Number(v) : "–";

    /// <summary>A difference, always with three decimals (one precision for a whole Δ column) and its sign.</summary>
    public static string Signed(double? value) =>
        value switch
        {
            null => "–",
            { } v when !double.IsFinite(v) => GateText.Number(v),
            { } v when Math.Round(v, 3) == 0 => "0.000",
            > 0 => "+" + value.Value.ToString("0.000", CultureInfo.InvariantCulture),
            _ => value.Value.ToString("0.000", CultureInfo.InvariantCulture),
        };

    public static string Invariant(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
