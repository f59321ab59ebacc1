using System.Globalization;
using MlOps.Contracts.Results;

namespace MlOps.Specs.Gates;

/// <summary>A pinned gate setting as the policy compares and reports it: its spec key and its value as text (null: not set).</summary>
public readonly record struct GateSetting(string Name, string? Value)
{
    /// <summary>Round-trip text, so 0.1 and 0.10 compare equal and no digit is lost.</summary>
    public static GateSetting Number(string name, double? value) => new(name, value?.ToString("R", CultureInfo.InvariantCulture));

    public static GateSetting Flag(string name, bool? value) => new(name, value?.ToString().ToLowerInvariant());

    public static GateSetting Severity(Severity value) => new("severity", value.ToString().ToLowerInvariant());
}
