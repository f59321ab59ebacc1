using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using MlOps.Contracts.Diagnostics;
using MlOps.Mlflow;
using MlOps.Specs.Model;

namespace MlOps.Core.Tracking;

/// <summary>
/// The resolved spec as MLflow params: serialised with System.Text.Json (snake_case, enums as
/// text), flattened to dotted keys (<c>training.optimizer.lr</c>, <c>gates.0.min</c>), source
/// positions left out, secret-looking keys redacted.
/// </summary>
public static class SpecParams
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { DropLocations } },
    };

    public static IReadOnlyList<MlflowParam> Flatten(FineTuneSpec spec)
    {
        var node = JsonSerializer.SerializeToNode(spec, Options)!;
        var result = new List<MlflowParam>();
        Walk(node, "", result);
        return SecretRedactor.Redact(result.Select(Fit));
    }

    private static void Walk(JsonNode? node, string prefix, List<MlflowParam> into)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    Walk(child, prefix.Length == 0 ? key : $"{prefix}.{key}", into);
                }
                break;
            case JsonArray array when array.All(i => i is JsonValue):
                // Lists of plain values read best as one param: freeze = ["backbone.*","head.*"].
                into.Add(new MlflowParam(prefix, array.ToJsonString()));
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], $"{prefix}.{i.ToString(CultureInfo.InvariantCulture)}", into);
                }
                break;
            case JsonValue value:
                into.Add(new MlflowParam(prefix, Text(value)));
                break;
        }
    }

    /// <summary>MLflow refuses param values past 6000 characters; the full spec is an artifact anyway.</summary>
    private static MlflowParam Fit(MlflowParam p)
    {
        const string Cut = "… (cut; see the resolved spec artifact)";
        return p.Value.Length <= MlflowLimits.MaxParamValueLength ? p : p with { Value = p.Value[..(MlflowLimits.MaxParamValueLength - Cut.Length)] + Cut };
    }

    private static string Text(JsonValue value) =>
        value.TryGetValue<string>(out var s) ? s
        : value.TryGetValue<double>(out var d) ? d.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal)
        : value.ToJsonString();

    private static void DropLocations(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }
        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            if (info.Properties[i].PropertyType == typeof(SourceLocation))
            {
                info.Properties.RemoveAt(i);
            }
        }
    }
}
