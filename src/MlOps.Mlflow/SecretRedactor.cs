namespace MlOps.Mlflow;

/// <summary>Keeps secrets out of tracking: values of keys that look like credentials are replaced.</summary>
public static class SecretRedactor
{
    /// <summary>What a secret value is replaced with.</summary>
    public const string Redacted = "***REDACTED***";

    private static readonly string[] SecretWords =
        ["token", "password", "passwd", "pwd", "secret", "credential", "credentials", "key", "apikey", "auth", "private"];

    /// <summary>True for keys such as <c>api_key</c>, <c>hf.token</c>, <c>db_password</c>, <c>clientSecret</c>; false for <c>monkey</c>.</summary>
    public static bool LooksSecret(string key) => Words(key).Any(w => SecretWords.Contains(w) || w.EndsWith("token", StringComparison.Ordinal) || w.EndsWith("password", StringComparison.Ordinal));

    /// <summary>The value, or <see cref="Redacted"/> when the key looks like a secret.</summary>
    /// <param name="key">The param or tag key.</param>
    /// <param name="value">Its value.</param>
    public static string Redact(string key, string value) => LooksSecret(key) && value.Length > 0 ? Redacted : value;

    /// <summary>The params with secret-looking values replaced.</summary>
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
