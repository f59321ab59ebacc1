using System.Globalization;

namespace MlOps.Core.Gates;

/// <summary>How gate numbers read in messages: three decimals, more digits only for tiny values.</summary>
public static class GateText
{
    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "∞",
        double.NegativeInfinity => "-∞",
        _ when double.IsNaN(value) => "NaN",
        _ when value == 0 || Math.Abs(value) >= 0.001 => value.ToString("0.000", CultureInfo.InvariantCulture),
        _ => value.ToString("G3", CultureInfo.InvariantCulture),
    };

    /// <summary>A threshold as the spec wrote it (0.9, not 0.900), for gate names.</summary>
    public static string AsWritten(double value) => value.ToString("G", CultureInfo.InvariantCulture);

    /// <summary>"accuracy 0.874 &lt; min 0.900 (short by 0.026)" or "accuracy 0.912 ≥ min 0.900".</summary>
    public static string Compare(string subject, double actual, bool atLeast, double threshold, string thresholdLabel, bool passed)
    {
        var symbol = (atLeast, passed) switch
        {
            (true, true) => "≥",
            (true, false) => "<",
            (false, true) => "≤",
            (false, false) => ">",
        };
        var text = $"{subject} {Number(actual)} {symbol} {thresholdLabel}";
        if (passed)
        {
            return text;
        }
        var gap = Math.Abs(actual - threshold);
        return $"{text} ({(atLeast ? "short" : "over")} by {Number(gap)})";
    }
}
