using System.Text.Json;

namespace MlOps.Contracts.Results;

/// <summary>
/// The spelling result.json gives an enum value ("early_stopped"), for the places that show it
/// outside result.json: MLflow tags and params, report.md, junit.xml, console and event lines.
/// </summary>
public static class JsonName
{
    /// <summary>Same policy as <see cref="RunResultJson.Options"/>' enum converter.</summary>
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
