using System.Text.RegularExpressions;

namespace MlOps.Contracts.Diagnostics;

// netstandard2.0 has no Regex source generator: the patterns of SecretText.cs, built on first use.
public static partial class SecretText
{
    private static Regex? percentEscape;
    private static Regex? userInfo;
    private static Regex? secretQueryParameter;
    private static Regex? authorizationValue;

    private static partial Regex PercentEscape() =>
        percentEscape ??= GeneratedRegexFallback.Build(typeof(SecretText), nameof(PercentEscape));

    private static partial Regex UserInfo() =>
        userInfo ??= GeneratedRegexFallback.Build(typeof(SecretText), nameof(UserInfo));

    private static partial Regex SecretQueryParameter() =>
        secretQueryParameter ??= GeneratedRegexFallback.Build(typeof(SecretText), nameof(SecretQueryParameter));

    private static partial Regex AuthorizationValue() =>
        authorizationValue ??= GeneratedRegexFallback.Build(typeof(SecretText), nameof(AuthorizationValue));
}
