using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using MlOps.Specs;
using MlOps.Tests.Shared;

namespace MlOps.Specs.Tests;

/// <summary>The published JSON Schema and the loader accept the same keys, and real specs validate against it.</summary>
public sealed class SpecSchemaTests
{
    private static readonly string RepoRoot = SourceTree.Root;
    private static readonly string SchemaText = File.ReadAllText(Path.Combine(RepoRoot, "schema", SpecSchema.FileName));
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(SchemaText));
    private static readonly JsonObject SchemaJson = JsonNode.Parse(SchemaText)!.AsObject();

    [Fact]
    public void The_embedded_schema_is_the_published_file()
    {
        Assert.Equal(SchemaText, SpecSchema.ReadText());
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", SchemaJson["$schema"]!.GetValue<string>());
    }

    [Fact]
    public void Every_mapping_the_loader_knows_has_exactly_the_same_keys_in_the_schema()
    {
        foreach (var (path, keys) in SpecGrammar.Mappings)
        {
            var schemaKeys = Properties(Navigate(path)).Order(StringComparer.Ordinal);
            Assert.True(keys.Order(StringComparer.Ordinal).SequenceEqual(schemaKeys),
                $"'{path}': loader accepts [{string.Join(", ", keys.Order(StringComparer.Ordinal))}], schema has [{string.Join(", ", schemaKeys)}]");
        }
    }

    [Fact]
    public void Every_object_the_schema_describes_is_a_mapping_the_loader_knows()
    {
        var schemaPaths = new List<string>();
        CollectObjectPaths(SchemaJson, "", schemaPaths);
        var known = SpecGrammar.Mappings.Keys.Concat(SpecGrammar.FreeFormMappings).ToHashSet();
        Assert.All(schemaPaths, p => Assert.Contains(p, known));
        Assert.All(known, p => Assert.Contains(p, schemaPaths));
    }

    [Fact]
    public void Free_form_mappings_are_open_objects_in_the_schema()
    {
        foreach (var path in SpecGrammar.FreeFormMappings)
        {
            var node = Navigate(path).Single();
            Assert.Equal("object", node["type"]!.GetValue<string>());
            Assert.IsType<JsonObject>(node["additionalProperties"]);
        }
    }

    public static TheoryData<string> ValidSpecs()
    {
        var data = new TheoryData<string>();
        foreach (var fixture in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "*.yaml"))
        {
            data.Add(fixture);
        }
        var samples = Path.Combine(RepoRoot, "samples");
        if (Directory.Exists(samples))
        {
            foreach (var file in Directory.EnumerateFiles(samples, "*.yaml", SearchOption.AllDirectories).Where(IsSpec))
            {
                data.Add(file);
            }
        }
        return data;
    }

    /// <summary>Samples may hold other YAML (workflows, configs); a spec has base and data at the top.</summary>
    private static bool IsSpec(string path) =>
        YamlJson.FromFile(path) is JsonObject top && top.ContainsKey("base") && top.ContainsKey("data");

    [Theory]
    [MemberData(nameof(ValidSpecs))]
    public void Fixture_and_sample_specs_validate_against_the_schema(string path)
    {
        var results = Evaluate(path);
        Assert.True(results.IsValid, $"{path}:\n{Errors(results)}");
    }

    [Theory]
    [InlineData("unknown-key-top.yaml")]
    [InlineData("unknown-key-training.yaml")]
    [InlineData("format-avro.yaml")]
    [InlineData("epochs-zero.yaml")]
    [InlineData("gate-two-kinds.yaml")]
    [InlineData("gate-max-gap-on-metric-gate.yaml")]
    [InlineData("name-with-spaces.yaml")]
    [InlineData("bias-metric-unknown.yaml")]
    [InlineData("forgetting-max-ratio-below-one.yaml")]
    [InlineData("forgetting-gate-without-bound.yaml")]
    public void The_schema_also_rejects_what_the_loader_rejects(string corpusFile)
    {
        Assert.False(Evaluate(Path.Combine(AppContext.BaseDirectory, "Corpus", corpusFile)).IsValid);
    }

    private static EvaluationResults Evaluate(string yamlPath)
    {
        using var document = JsonDocument.Parse(YamlJson.FromFile(yamlPath)!.ToJsonString());
        return Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Errors(EvaluationResults results) =>
        string.Join("\n", (results.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));

    /// <summary>The object schemas at a grammar path (`gates[]` has one per gate kind).</summary>
    private static List<JsonObject> Navigate(string path)
    {
        var current = new List<JsonObject> { SchemaJson };
        if (path.Length == 0)
        {
            return current;
        }
        foreach (var segment in path.Split('.'))
        {
            var name = segment.TrimEnd('[', ']');
            var next = current.SelectMany(ObjectBranches).Select(o => o["properties"]?[name]).OfType<JsonObject>().ToList();
            if (segment.EndsWith("[]", StringComparison.Ordinal))
            {
                next = [.. next.Select(n => Resolve(n)["items"]).OfType<JsonObject>()];
            }
            current = next;
        }
        return [.. current.SelectMany(ObjectBranches)];
    }

    private static IEnumerable<string> Properties(IEnumerable<JsonObject> schemas) =>
        schemas.SelectMany(s => s["properties"]?.AsObject().Select(p => p.Key) ?? []).Distinct();

    private static JsonObject Resolve(JsonObject node) =>
        node["$ref"] is { } r ? Resolve(SchemaJson["$defs"]![r.GetValue<string>()["#/$defs/".Length..]]!.AsObject()) : node;

    /// <summary>The object-typed alternatives of a schema ($ref and oneOf resolved).</summary>
    private static IEnumerable<JsonObject> ObjectBranches(JsonObject node)
    {
        node = Resolve(node);
        if (node["oneOf"] is JsonArray alternatives)
        {
            return alternatives.OfType<JsonObject>().SelectMany(ObjectBranches);
        }
        return HasType(node, "object") ? [node] : [];
    }

    /// <summary>`type` is a name or a list of names.</summary>
    private static bool HasType(JsonObject node, string type) => node["type"] switch
    {
        JsonArray types => types.Any(t => t?.GetValue<string>() == type),
        JsonNode single => single.GetValue<string>() == type,
        _ => false,
    };

    private static void CollectObjectPaths(JsonObject node, string path, List<string> paths)
    {
        foreach (var branch in ObjectBranches(node))
        {
            if (!paths.Contains(path))
            {
                paths.Add(path);
            }
            foreach (var (key, child) in branch["properties"]?.AsObject() ?? [])
            {
                var childPath = path.Length == 0 ? key : $"{path}.{key}";
                var childSchema = Resolve(child!.AsObject());
                if (HasType(childSchema, "array") && childSchema["items"] is JsonObject items)
                {
                    CollectObjectPaths(items, childPath + "[]", paths);
                }
                else
                {
                    CollectObjectPaths(childSchema, childPath, paths);
                }
            }
        }
    }
}
