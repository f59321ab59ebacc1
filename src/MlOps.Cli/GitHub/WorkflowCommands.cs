using System.Text;

namespace MlOps.Cli.GitHub;

/// <summary>
/// GitHub Actions workflow commands (`::error file=..::message`), with the runner's escaping:
/// data escapes `%`, CR and LF; property values additionally `:` and `,`, which would otherwise
/// end the value early.
/// </summary>
internal static class WorkflowCommands
{
    public static string EscapeData(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal)
             .Replace("\r", "%0D", StringComparison.Ordinal)
             .Replace("\n", "%0A", StringComparison.Ordinal);

    public static string EscapeProperty(string value) =>
        EscapeData(value).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);

    /// <summary>`::command prop=value,prop=value::message`; properties with null values are left out.</summary>
    public static string Format(string command, IEnumerable<(string Name, string? Value)> properties, string message)
    {
        var builder = new StringBuilder("::").Append(command);
        var separator = ' ';
        foreach (var (name, value) in properties)
        {
            if (value is null)
            {
                continue;
            }
            builder.Append(separator).Append(name).Append('=').Append(EscapeProperty(value));
            separator = ',';
        }
        return builder.Append("::").Append(EscapeData(message)).ToString();
    }

    public static string Notice(string message) => Format("notice", [], message);

    public static string Warning(string message) => Format("warning", [], message);

    /// <summary>The runner replaces the value with *** in every later log line.</summary>
    public static string AddMask(string secret) => "::add-mask::" + EscapeData(secret);
}
