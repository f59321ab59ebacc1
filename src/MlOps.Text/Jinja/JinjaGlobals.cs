using System.Globalization;

namespace MlOps.Text.Jinja;

/// <summary>
/// What transformers puts in a chat template's environment besides the variables: raise_exception,
/// strftime_now (the local time, formatted by Python's strftime codes), and Jinja's namespace, range and dict.
/// </summary>
internal static class JinjaGlobals
{
    public static JinjaScope Scope(Func<DateTime> clock)
    {
        var scope = new JinjaScope(null);
        scope["raise_exception"] = (JinjaCallable)((args, _) => throw new JinjaRaised(args.Count > 0 ? JinjaValues.Str(args[0]) : "raise_exception() was called"));
        scope["strftime_now"] = (JinjaCallable)((args, _) => Strftime(clock(), args.Count > 0 ? JinjaValues.Str(args[0]) : ""));
        scope["namespace"] = (JinjaCallable)((args, named) =>
        {
            var ns = new JinjaNamespace();
            if (args is [IDictionary<string, object?> initial, ..])
            {
                foreach (var (key, value) in initial)
                {
                    ns[key] = value;
                }
            }
            foreach (var (key, value) in named)
            {
                ns[key] = value;
            }
            return ns;
        });
        scope["dict"] = (JinjaCallable)((_, named) => named.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
        scope["range"] = (JinjaCallable)((args, _) => Range(args));
        return scope;
    }

    private static List<object?> Range(IReadOnlyList<object?> args)
    {
        var bounds = args.Select(a => a is long l ? l : throw new JinjaTypeError("range() takes integers")).ToList();
        var (start, stop, step) = bounds.Count switch
        {
            1 => (0L, bounds[0], 1L),
            2 => (bounds[0], bounds[1], 1L),
            3 => (bounds[0], bounds[1], bounds[2]),
            _ => throw new JinjaTypeError("range() takes 1 to 3 integers"),
        };
        if (step == 0)
        {
            throw new JinjaTypeError("range() step must not be zero");
        }
        var values = new List<object?>();
        for (var i = start; step > 0 ? i < stop : i > stop; i += step)
        {
            values.Add(i);
        }
        return values;
    }

    /// <summary>Python's strftime for the C locale: %d %m %Y %y %H %I %M %S %p %b %B %a %A %j %%.</summary>
    public static string Strftime(DateTime time, string format)
    {
        var culture = CultureInfo.InvariantCulture;
        var result = new System.Text.StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length)
            {
                result.Append(format[i]);
                continue;
            }
            var code = format[++i];
            result.Append(code switch
            {
                'd' => time.ToString("dd", culture),
                'm' => time.ToString("MM", culture),
                'Y' => time.ToString("yyyy", culture),
                'y' => time.ToString("yy", culture),
                'H' => time.ToString("HH", culture),
                'I' => time.ToString("hh", culture),
                'M' => time.ToString("mm", culture),
                'S' => time.ToString("ss", culture),
                'p' => time.Hour < 12 ? "AM" : "PM",
                'b' => time.ToString("MMM", culture),
                'B' => time.ToString("MMMM", culture),
                'a' => time.ToString("ddd", culture),
                'A' => time.ToString("dddd", culture),
                'j' => time.DayOfYear.ToString("000", culture),
                '%' => "%",
                _ => "%" + code,
            });
        }
        return result.ToString();
    }
}
