using System.Text.RegularExpressions;

namespace MlOps.Build.Runner;

// .NET Framework has no Regex source generator: the pattern of RunnerOutputParser.cs, built on first use.
internal static partial class RunnerOutputParser
{
    private static Regex? canonical;

    private static partial Regex Canonical() =>
        canonical ??= GeneratedRegexFallback.Build(typeof(RunnerOutputParser), nameof(Canonical));
}
