using System.Globalization;
using System.Text.RegularExpressions;

namespace MlOps.Specs.Yaml;

internal enum ScalarKind { Null, Bool, Int, Float, Text }

/// <summary>YAML 1.2 core-schema resolution of plain scalars (no yes/no booleans, no octal surprises).</summary>
internal static partial class ScalarResolver
{
    public static ScalarKind Resolve(YScalar scalar)
    {
        if (!scalar.Plain)
        {
            return ScalarKind.Text;
        }
        var v = scalar.Value;
        return v switch
        {
            "" or "~" or "null" or "Null" or "NULL" => ScalarKind.Null,
            "true" or "True" or "TRUE" or "false" or "False" or "FALSE" => ScalarKind.Bool,
            _ when IntPattern().IsMatch(v) => ScalarKind.Int,
            _ when FloatPattern().IsMatch(v) || SpecialFloat(v) is not null => ScalarKind.Float,
            _ => ScalarKind.Text,
        };
    }

    public static bool? AsBool(YScalar scalar) =>
        Resolve(scalar) == ScalarKind.Bool ? scalar.Value.Equals("true", StringComparison.OrdinalIgnoreCase) : null;

    public static long? AsInt(YScalar scalar) =>
        Resolve(scalar) == ScalarKind.Int && long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;

    public static double? AsDouble(YScalar scalar) => Resolve(scalar) switch
    {
        ScalarKind.Int or ScalarKind.Float => SpecialFloat(scalar.Value)
            ?? double.Parse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => null,
    };

    private static double? SpecialFloat(string v) => v switch
    {
        ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" => double.PositiveInfinity,
        "-.inf" or "-.Inf" or "-.INF" => double.NegativeInfinity,
        ".nan" or ".NaN" or ".NAN" => double.NaN,
        _ => null,
    };

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
