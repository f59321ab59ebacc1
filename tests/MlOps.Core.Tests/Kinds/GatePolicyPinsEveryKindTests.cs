using System.Text.Json.Nodes;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Gates;
using MlOps.Specs.Gates;
using MlOps.Specs.Model;
using MlOps.Tests.Shared;

namespace MlOps.Core.Tests.Kinds;

/// <summary>
/// Under gate-policy: base a pull request cannot loosen any gate, whatever its kind: for every
/// registered gate kind and every key it accepts, a base-branch spec and a pull request that differ
/// in that key alone end with the base's gate applied and the difference reported. The keys come
/// from the kind's grammar and their values from the JSON Schema, not from the policy, so a
/// threshold a new kind forgets to pin fails here.
/// </summary>
public sealed class GatePolicyPinsEveryKindTests : IDisposable
{
    private readonly SpecSandbox repo = new();

    public static TheoryData<string, string> EveryKeyOfEveryKind()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in GateKinds.All)
        {
            foreach (var key in kind.Keys.Where(k => k != kind.Key))
            {
                data.Add(kind.Key, key);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryKeyOfEveryKind))]
    public void A_pull_request_that_changes_one_key_of_a_gate_keeps_the_base_gate_and_is_reported(string kindKey, string key)
    {
        var kind = GateKinds.All.Single(k => k.Key == kindKey);
        var (baseValue, headValue) = Values(kind, key);
        var baseSpec = Load("base.yaml", Entry(kind, key, baseValue));
        var head = Load("head.yaml", Entry(kind, key, headValue));

        var policy = GatePolicy.Merge(head, baseSpec);

        var baseGate = Assert.Single(baseSpec.Gates);
        if (kind.IdentityKeys.Contains(key))
        {
            // A different gate: the pull request adds its own, and the base's still applies.
            Assert.Contains(baseGate with { Location = SourceLocation.None(head.SpecPath) }, policy.Gates);
            Assert.Contains(policy.Changes, c => c.Setting == "entry" && c.Base == "present" && c.Head is null);
            return;
        }
        Assert.Equal(baseGate with { Location = head.Gates[0].Location }, Assert.Single(policy.Gates));
        var change = Assert.Single(policy.Changes);
        Assert.Equal((key, baseValue, headValue), (change.Setting, change.Base, change.Head));
    }

    /// <summary>The kind's entry with every key set: <paramref name="key"/> to <paramref name="value"/>, the others to their base value.</summary>
    private static string Entry(GateKindDefinition kind, string key, string value)
    {
        var pairs = kind.Keys.Select(k => k == kind.Key ? $"{k}: {Subject(kind)}" : $"{k}: {(k == key ? value : Values(kind, k).Base)}");
        return "{ " + string.Join(", ", pairs) + " }";
    }

    /// <summary>What the kind's key names: a metric, or the first value the schema allows (the export gate's format).</summary>
    private static string Subject(GateKindDefinition kind) =>
        kind.SubjectIsMetric ? "accuracy" : GateKindSchemas.Property(kind, kind.Key)["enum"]![0]!.GetValue<string>();

    /// <summary>A base value and a pull request's value for a key, by its type in the JSON Schema; numbers move the loose way (min down, max up).</summary>
    private static (string Base, string Head) Values(GateKindDefinition kind, string key)
    {
        var property = GateKindSchemas.Property(kind, key);
        if (property["enum"] is JsonArray values)
        {
            return (values[0]!.GetValue<string>(), values[1]!.GetValue<string>());
        }
        return property["type"]!.GetValue<string>() switch
        {
            "number" => Numbers(property, key),
            "boolean" => ("true", "false"),
            var type => throw new InvalidOperationException($"{kind.Key} gate key '{key}' has schema type {type}: teach this test a base and a head value for it"),
        };
    }

    /// <summary>0.2 above the schema's minimum (a ratio starts at 1), moved by 0.1 the loose way.</summary>
    private static (string Base, string Head) Numbers(JsonObject property, string key)
    {
        var minimum = property["minimum"]?.GetValue<double>() ?? 0;
        string Text(double offset) => (minimum + offset).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return (Text(0.2), Text(key.StartsWith("min", StringComparison.Ordinal) ? 0.1 : 0.3));
    }

    private FineTuneSpec Load(string file, string gate)
    {
        var load = repo.Load($$"""
            name: pins
            base: { model: mlp, checkpoint: models/base.pt }
            data: { format: csv, train: data/train.csv, validation: data/val.csv, label: label }
            evaluation: { metrics: [accuracy], forgetting: { data: data/val.csv, metric: accuracy } }
            gates:
              - {{gate}}
            """, name: file);
        Assert.False(load.HasErrors, string.Join("\n", load.Diagnostics));
        return load.Spec!;
    }

    public void Dispose() => repo.Dispose();
}
