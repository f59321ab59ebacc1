using System.Text.RegularExpressions;

namespace MlOps.Specs.Binding;

// netstandard2.0 has no Regex source generator: the patterns of SpecBinder.cs, built on first use.
internal static partial class SpecBinder
{
    private static Regex? namePattern;

    private static partial Regex NamePattern() =>
        namePattern ??= GeneratedRegexFallback.Build(typeof(SpecBinder), nameof(NamePattern));
}
