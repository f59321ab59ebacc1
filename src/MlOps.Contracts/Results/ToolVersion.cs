using System.Reflection;

namespace MlOps.Contracts.Results;

/// <summary>The product version: part of every fingerprint, so a new version retrains.</summary>
public static class ToolVersion
{
    public static string Current { get; } =
        typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}
