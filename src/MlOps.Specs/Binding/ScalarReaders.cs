using System.Globalization;
using MlOps.Specs.Yaml;

namespace MlOps.Specs.Binding;

/// <summary>Numbers read from scalars anywhere (mapping values or list items), range-checked at the value.</summary>
internal static class ScalarReaders
{
    public static double? Number(SpecContext ctx, YNode node, string path, NumberRange range)
    {
        if (node is not YScalar s || ScalarResolver.AsDouble(s) is not { } x)
        {
            ctx.WrongType(path, "a number", node);
            return null;
        }
        return InRange(ctx, s, path, x, range) ? x : null;
    }

    public static int? Int(SpecContext ctx, YNode node, string path, NumberRange range)
    {
        if (node is not YScalar s || ScalarResolver.AsInt(s) is not { } n)
        {
            if (node is YScalar { Kind: ScalarKind.Int } huge)
            {
                ctx.Error(SpecErrorCodes.OutOfRange, $"'{path}' must be {range.Describe()}, found {huge.Value}", huge);
                return null;
            }
            ctx.WrongType(path, "a whole number", node);
            return null;
        }
        return InRange(ctx, s, path, n, range) ? (int)n : null;
    }

    private static bool InRange(SpecContext ctx, YScalar s, string path, double x, NumberRange range)
    {
        if (range.Contains(x) && !double.IsInfinity(x))
        {
            return true;
        }
        ctx.Error(SpecErrorCodes.OutOfRange,
            $"'{path}' must be {range.Describe()}, found {x.ToString("R", CultureInfo.InvariantCulture)}", s);
        return false;
    }
}
