using System.Globalization;
using MlOps.Core.Gates;

namespace MlOps.Core.Reporting;

/// <summary>Numbers as reports print them: the gate messages' format, a dash for absent values.</summary>
internal static class ReportNumbers
{
    public static string Value(double? value) => value is { } v ? GateText.Number(v) : "–";

    public static string Signed(double? value) =>
        value switch
        {
            null => "–",
            > 0 => "+" + GateText.Number(value.Value),
            _ => GateText.Number(value.Value),
        };

    public static string Invariant(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
