using System.Globalization;
using System.Text;

namespace MlOps.Mlflow.Models;

/// <summary>Python's <c>repr</c> of a float and <c>json.dumps</c> of strings, as MLflow's files hold them.</summary>
internal static class PythonRepr
{
    /// <summary>
    /// repr(float): the shortest digits that read back the same, positional for exponents −4…15,
    /// else <c>d.ddde±XX</c>; always a point or an exponent (1.0, 1e+16, 1e-05).
    /// </summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }
        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }
        // "E16" is not shortest; "R" is, so take its digits and place the point ourselves.
        var r = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOfAny(['E', 'e']);
        var mantissa = e < 0 ? r : r[..e];
        var exponent = e < 0 ? 0 : int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal);
        var pointAt = (point < 0 ? mantissa.Length : point) + exponent;
        var lead = digits.Length - digits.TrimStart('0').Length;
        digits = digits.TrimStart('0');
        pointAt -= lead;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }
        var decimalExponent = pointAt - 1;
        var sign = value < 0 ? "-" : "";
        if (decimalExponent is < -4 or >= 16)
        {
            var m = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            return string.Create(CultureInfo.InvariantCulture, $"{sign}{m}e{(decimalExponent < 0 ? "-" : "+")}{Math.Abs(decimalExponent):00}");
        }
        if (pointAt <= 0)
        {
            return sign + "0." + new string('0', -pointAt) + digits;
        }
        return pointAt >= digits.Length
            ? sign + digits + new string('0', pointAt - digits.Length) + ".0"
            : sign + digits[..pointAt] + "." + digits[pointAt..];
    }

    /// <summary>json.dumps(float): repr, with NaN / Infinity / -Infinity as Python writes them.</summary>
    public static string JsonFloat(double value) => double.IsNaN(value) ? "NaN"
        : double.IsInfinity(value) ? (value > 0 ? "Infinity" : "-Infinity")
        : Float(value);

    /// <summary>json.dumps(str) with ensure_ascii: non-ASCII as \uXXXX (surrogate pairs for the rest).</summary>
    public static string JsonString(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                >= ' ' and <= '~' => c.ToString(),
                _ => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
            });
        }
        return text.Append('"').ToString();
    }
}
