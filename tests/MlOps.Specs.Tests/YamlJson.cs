using System.Text.Json.Nodes;
using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Yaml;

namespace MlOps.Specs.Tests;

/// <summary>YAML → JSON with the loader's own scalar rules, so the schema sees what the loader sees.</summary>
internal static class YamlJson
{
    public static JsonNode? FromFile(string path)
    {
        var diagnostics = new List<Diagnostic>();
        var root = YamlTreeBuilder.Build(File.ReadAllText(path), path, diagnostics);
        Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics));
        return Convert(root!);
    }

    public static JsonNode? Convert(YNode node) => node switch
    {
        YMapping map => new JsonObject(map.Entries.Select(e => KeyValuePair.Create(((YScalar)e.Key).Value, Convert(e.Value)))),
        YSequence seq => new JsonArray([.. seq.Items.Select(Convert)]),
        YScalar s => s.Kind switch
        {
            ScalarKind.Null => null,
            ScalarKind.Bool => JsonValue.Create(ScalarResolver.AsBool(s)!.Value),
            ScalarKind.Int => JsonValue.Create(ScalarResolver.AsInt(s)!.Value),
            ScalarKind.Float => JsonValue.Create(ScalarResolver.AsDouble(s)!.Value),
            _ => JsonValue.Create(s.Value),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };
}
