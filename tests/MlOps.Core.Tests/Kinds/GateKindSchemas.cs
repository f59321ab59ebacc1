using System.Text.Json.Nodes;
using MlOps.Specs;
using MlOps.Specs.Gates;
using MlOps.Tests.Shared;

namespace MlOps.Core.Tests.Kinds;

/// <summary>The JSON Schema's object for each gate kind: one of <c>gates.items.oneOf</c>, the one whose properties name the kind's key.</summary>
internal static class GateKindSchemas
{
    private static readonly JsonObject Schema = JsonNode.Parse(File.ReadAllText(Path.Combine(SourceTree.Root, "schema", SpecSchema.FileName)))!.AsObject();

    public static IReadOnlyList<JsonObject> All =>
        [.. Schema["properties"]!["gates"]!["items"]!["oneOf"]!.AsArray().Select(branch => Resolve(branch!.AsObject()))];

    public static JsonObject Of(GateKindDefinition kind) =>
        All.SingleOrDefault(s => s["required"]?.AsArray().Any(r => r!.GetValue<string>() == kind.Key) == true)
        ?? throw new InvalidOperationException($"the JSON Schema has no gate object that requires '{kind.Key}'; add one to gates.items.oneOf");

    /// <summary>The property's schema, $ref resolved.</summary>
    public static JsonObject Property(GateKindDefinition kind, string key) => Resolve(Of(kind)["properties"]![key]!.AsObject());

    private static JsonObject Resolve(JsonObject node) =>
        node["$ref"] is { } r ? Resolve(Schema["$defs"]![r.GetValue<string>()["#/$defs/".Length..]]!.AsObject()) : node;
}
