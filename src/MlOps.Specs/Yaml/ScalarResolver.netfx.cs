using System.Text.RegularExpressions;

namespace MlOps.Specs.Yaml;

// netstandard2.0 has no Regex source generator: the patterns of ScalarResolver.cs, built on first use.
internal static partial class ScalarResolver
{
    private static Regex? intPattern;
    private static Regex? floatPattern;

    private static partial Regex IntPattern() =>
        intPattern ??= GeneratedRegexFallback.Build(typeof(ScalarResolver), nameof(IntPattern));

    private static partial Regex FloatPattern() =>
        floatPattern ??= GeneratedRegexFallback.Build(typeof(ScalarResolver), nameof(FloatPattern));
}
