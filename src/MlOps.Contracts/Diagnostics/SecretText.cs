using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

// One source, two assemblies: public here, for every front end (the CLI, the MSBuild tasks); compiled
// again, internal, into the standalone MlOps.Mlflow client (MLOPS_MLFLOW_CLIENT), which references no
// other MlOps assembly.
#if MLOPS_MLFLOW_CLIENT
namespace MlOps.Mlflow;
#else
namespace MlOps.Contracts.Diagnostics;
#endif

/// <summary>
/// Keeps secrets out of free text (messages, server answers, log lines): every known secret value
/// in each form it travels in (as is, base64 of <c>user:password</c> is passed as a value of its
/// own, URL-encoded in upper or lower case, JSON-escaped) is replaced with <see cref="Redacted"/>, and so
/// are credentials recognisable by their place whatever their value: the user:password@ of a
/// URI, a secret-named query parameter (<c>?token=…</c>) and an Authorization header's value
/// (<c>Bearer …</c>, <c>Basic …</c>) that a server echoes.
/// </summary>
#if MLOPS_MLFLOW_CLIENT
internal
#else
public
#endif
static partial class SecretText
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Redacted = "***REDACTED***";

    /// <summary>Shorter values are not searched for: redacting every "ab" would garble text and protect nothing.</summary>
    public const int MinimumSecretLength = 4;

    private static readonly JsonSerializerOptions RelaxedJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The text with <paramref name="secrets"/> (in all their forms) and place-recognisable credentials redacted.</summary>
    /// <param name="text">Any text; null stays null.</param>
    /// <param name="secrets">Known secret values (tokens, passwords, base64 credentials); null, empty and short ones are ignored.</param>
    public static string? Redact(string? text, IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }
        foreach (var form in secrets.SelectMany(Forms).Distinct(StringComparer.Ordinal).OrderByDescending(f => f.Length))
        {
            text = text.Replace(form, Redacted, StringComparison.Ordinal);
        }
        text = UserInfo().Replace(text, m => m.Groups["scheme"].Value + "***@");
        text = SecretQueryParameter().Replace(text, m => m.Groups["name"].Value + "=" + Redacted);
        return AuthorizationValue().Replace(text, m => m.Groups["scheme"].Value + " " + Redacted);
    }

    /// <summary>The forms a value takes in transit: as is, URL-encoded (both styles), JSON-escaped (strict and relaxed).</summary>
    private static IEnumerable<string> Forms(string? secret)
    {
        if (secret is null || secret.Trim().Length < MinimumSecretLength)
        {
            return [];
        }
        var escaped = Uri.EscapeDataString(secret);
        return [secret, escaped, LowerHex(escaped), WebUtility.UrlEncode(secret), LowerHex(WebUtility.UrlEncode(secret)), Json(secret, null), Json(secret, RelaxedJson)];
    }

    /// <summary>%2F as %2f: percent-encoding is case-insensitive and some clients write lower case.</summary>
    private static string LowerHex(string escaped) => PercentEscape().Replace(escaped, m => m.Value.ToLowerInvariant());

    [GeneratedRegex("%[0-9A-F]{2}", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex PercentEscape();

    private static string Json(string value, JsonSerializerOptions? options)
    {
        var quoted = JsonSerializer.Serialize(value, options);
        return quoted[1..^1];
    }

    /// <summary>The credentials <c>user:password@</c> (or <c>token@</c>) of a URI.</summary>
    [GeneratedRegex(@"(?<scheme>\b[A-Za-z][A-Za-z0-9+.-]*://)[^/@\s?#]+@", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex UserInfo();

    /// <summary>A query or form parameter whose name says it is a secret: token, access_token, api_key, password, sig…</summary>
    [GeneratedRegex(@"(?<=[?&;\s""'])(?<name>[A-Za-z0-9_.-]*(?:token|password|passwd|secret|apikey|api_key|credentials?)|(?:[A-Za-z0-9]+[_.-])*(?:key|sig|signature|auth|pwd))=(?<value>[^&#\s""']+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, 1000)]
    private static partial Regex SecretQueryParameter();

    /// <summary>An Authorization header's value, as a server that echoes the request shows it.</summary>
    [GeneratedRegex(@"\b(?<scheme>Bearer|Basic)\s+(?<value>[A-Za-z0-9._~+/=-]{6,})", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AuthorizationValue();
}
