namespace System.Text.RegularExpressions;

/// <summary>
/// The attribute of .NET 7's Regex source generator, which netstandard2.0 lacks: here it only carries
/// the pattern, and <see cref="Polyfills.GeneratedRegexFallback"/> builds the Regex from it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
internal sealed class GeneratedRegexAttribute(string pattern, RegexOptions options = RegexOptions.None, int matchTimeoutMilliseconds = Timeout.Infinite) : Attribute
{
    public string Pattern { get; } = pattern;

    public RegexOptions Options { get; } = options;

    public int MatchTimeoutMilliseconds { get; } = matchTimeoutMilliseconds;
}
