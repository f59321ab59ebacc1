using System.Text.RegularExpressions;

namespace MlOps.Mlflow;

/// <summary>
/// Keeps secrets out of tracking: a value is redacted when its key is a known secret name
/// (<c>token</c>, <c>password</c>, <c>api_key</c>…) or when the value itself has a secret's shape
/// (a well-known token format, a private key, a URL with credentials). The word "key" alone is no
/// secret: <c>training.layer_lr.0.key</c> is a layer glob and stays visible.
/// </summary>
public static class SecretRedactor
{
    /// <summary>What a secret value is replaced with.</summary>
    public const string Redacted = SecretText.Redacted;

    /// <summary>Words that name a secret wherever they appear in a key.</summary>
    private static readonly string[] SecretWords =
        ["token", "password", "passwd", "pwd", "secret", "credential", "credentials", "apikey", "passphrase"];

    /// <summary>Two-word names (<c>api_key</c>, <c>apiKey</c>, <c>private-key</c>) that name a secret; "key" alone does not.</summary>
    private static readonly string[] SecretPairs =
        ["api key", "access key", "secret key", "private key", "signing key", "auth key", "encryption key", "client secret", "auth header", "authorization header"];

    private static readonly Regex SecretShape = new(
        @"^(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|hf_[A-Za-z0-9]{20,}|sk-[A-Za-z0-9_-]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|(AKIA|ASIA)[0-9A-Z]{16}|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}|(Bearer|Basic) [A-Za-z0-9._~+/=-]{8,})$|-----BEGIN [A-Z ]*PRIVATE KEY-----",
        RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static readonly Regex UrlCredentials = new(@"(?<scheme>\b[A-Za-z][A-Za-z0-9+.-]*://)[^/@\s]+@", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>True for keys such as <c>api_key</c>, <c>hf.token</c>, <c>db_password</c>, <c>clientSecret</c>; false for <c>monkey</c> and <c>layer_lr.0.key</c>.</summary>
    public static bool LooksSecret(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var words = Words(key).ToList();
        return words.Any(w => SecretWords.Contains(w) || w.EndsWith("token", StringComparison.Ordinal) || w.EndsWith("password", StringComparison.Ordinal))
            || words.Zip(words.Skip(1), (a, b) => $"{a} {b}").Any(SecretPairs.Contains);
    }

    /// <summary>True for a value shaped like a secret: a known token format or a private key.</summary>
    public static bool LooksLikeSecretValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return SecretShape.IsMatch(value.Trim());
    }

    /// <summary>
    /// <see cref="Redacted"/> when the key is a secret name or the value a token; a URL keeps
    /// everything but its credentials (<c>https://***@host/</c>); any other value is kept.
    /// </summary>
    /// <param name="key">The param or tag key.</param>
    /// <param name="value">Its value.</param>
    public static string Redact(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            return value;
        }
        if (LooksSecret(key) || LooksLikeSecretValue(value))
        {
            return Redacted;
        }
        return UrlCredentials.Replace(value, m => m.Groups["scheme"].Value + "***@");
    }

    /// <summary>The params with secret values replaced.</summary>
    /// <param name="parameters">The params.</param>
    public static IReadOnlyList<MlflowParam> Redact(IEnumerable<MlflowParam> parameters) =>
        parameters.Select(p => p with { Value = Redact(p.Key, p.Value) }).ToList();

    /// <summary>Splits on separators and camelCase boundaries: "hf.apiKey" → hf, api, key.</summary>
    private static IEnumerable<string> Words(string key)
    {
        var word = new System.Text.StringBuilder();
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            var boundary = !char.IsLetterOrDigit(c) || (char.IsUpper(c) && i > 0 && char.IsLower(key[i - 1]));
            if (boundary && word.Length > 0)
            {
                yield return word.ToString().ToLowerInvariant();
                word.Clear();
            }
            if (char.IsLetterOrDigit(c))
            {
                word.Append(c);
            }
        }
        if (word.Length > 0)
        {
            yield return word.ToString().ToLowerInvariant();
        }
    }
}
