using System.Text.RegularExpressions;

namespace MlOps.Specs.Yaml;

// netstandard2.0 has no Regex source generator: the pattern of YamlTreeBuilder.cs, built on first use.
internal static partial class YamlTreeBuilder
{
    private static Regex? positionPrefix;

    private static partial Regex PositionPrefix() =>
        positionPrefix ??= GeneratedRegexFallback.Build(typeof(YamlTreeBuilder), nameof(PositionPrefix));
}
