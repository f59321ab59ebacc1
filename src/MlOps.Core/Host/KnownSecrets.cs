using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Hub;

namespace MlOps.Core.Host;

/// <summary>
/// The secrets this process was given (MLflow's token and password, the base64 of user:password that
/// the Basic header carries, the Hugging Face token, GITHUB_TOKEN), and <see cref="Redact"/>, which a
/// front end applies to every line it prints or logs: whatever a message, a server's answer or an
/// exception's text holds, none of these values (nor credentials in a URI or an echoed Authorization
/// header) reaches a terminal, a build log or a log file.
/// </summary>
public sealed class KnownSecrets
{
    private readonly IReadOnlyList<string> values;

    private KnownSecrets(IReadOnlyList<string> values) => this.values = values;

    /// <summary>The secrets in the environment now.</summary>
    /// <param name="environment">Variable lookup; the process environment when null.</param>
    public static KnownSecrets FromEnvironment(Func<string, string?>? environment = null)
    {
        var env = environment ?? Environment.GetEnvironmentVariable;
        var found = SecretVariables.Read(env).Append(HubToken(env)?.Trim());
        return new KnownSecrets(found.OfType<string>().Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>The text with every known secret, in every form, and place-recognisable credentials replaced.</summary>
    public string Redact(string text) => SecretText.Redact(text, values) ?? "";

    /// <summary>The Hub client's token file (the variables are in <see cref="SecretVariables"/>); one that cannot be read holds no secret to hide.</summary>
    private static string? HubToken(Func<string, string?> env)
    {
        try
        {
            return HubOptions.FromEnvironment(env).Token;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or System.Security.SecurityException)
        {
            return null;
        }
    }
}
