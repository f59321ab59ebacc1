using System.Reflection;
using System.Text.RegularExpressions;

namespace Polyfills;

/// <summary>
/// What the Regex source generator does on net10.0, done at run time on netstandard2.0: the pattern
/// is read from the method's <c>[GeneratedRegex]</c> (so it is written once) and interpreted by
/// <see cref="Regex"/>. Same matches; only the first call is slower.
/// </summary>
internal static class GeneratedRegexFallback
{
    public static Regex Build(Type owner, string method)
    {
        var declared = owner.GetMethod(method, BindingFlags.Static | BindingFlags.NonPublic)
            ?? throw new MissingMethodException(owner.FullName, method);
        var attribute = declared.GetCustomAttribute<GeneratedRegexAttribute>()
            ?? throw new InvalidOperationException($"{owner.FullName}.{method} has no [GeneratedRegex].");
        return attribute.MatchTimeoutMilliseconds == Timeout.Infinite
            ? new Regex(attribute.Pattern, attribute.Options)
            : new Regex(attribute.Pattern, attribute.Options, TimeSpan.FromMilliseconds(attribute.MatchTimeoutMilliseconds));
    }
}
