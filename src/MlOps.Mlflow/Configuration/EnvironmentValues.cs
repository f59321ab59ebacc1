using System.Globalization;

namespace MlOps.Mlflow.Configuration;

/// <summary>
/// Reads variables as MLflow's <c>_EnvironmentVariable</c> does: unset means the default, a value
/// that does not convert is an error naming the variable (never silently ignored).
/// </summary>
internal sealed class EnvironmentValues(Func<string, string?> lookup)
{
    public string? Text(string name) => lookup(name) is { Length: > 0 } value ? value : null;

    public int? Integer(string name) => Text(name) is { } raw
        ? int.TryParse(raw.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Invalid(name, raw, "a whole number")
        : null;

    public double? Number(string name) => Text(name) is { } raw
        ? double.TryParse(raw.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Invalid(name, raw, "a number")
        : null;

    /// <summary>MLflow accepts true/false/1/0, case-insensitive, and refuses anything else.</summary>
    public bool? Flag(string name) => Text(name)?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw Invalid(name, Text(name)!, "one of true, false, 1, 0"),
    };

    private static ArgumentException Invalid(string name, string raw, string expected) =>
        new($"{name}='{raw}' is not {expected}; fix or unset the environment variable.");
}
