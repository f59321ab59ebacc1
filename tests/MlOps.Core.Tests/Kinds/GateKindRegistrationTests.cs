using MlOps.Core.Gates;
using MlOps.Specs;
using MlOps.Specs.Gates;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Kinds;

/// <summary>A gate kind is two halves tied by its <see cref="GateKind"/>: the spec half (GateKinds) and the run half (GateKindEvaluators).</summary>
public sealed class GateKindRegistrationTests
{
    [Fact]
    public void Every_gate_kind_has_one_spec_half_and_one_run_half()
    {
        var kinds = Enum.GetValues<GateKind>();
        Assert.Equal(kinds, GateKinds.All.Select(k => k.Kind).Order());
        Assert.Equal(kinds, GateKindEvaluators.All.Select(e => e.Kind).Order());
    }

    [Fact]
    public void Kind_keys_are_distinct_and_each_kind_accepts_its_own_key_and_severity()
    {
        Assert.Equal(GateKinds.All.Count, GateKinds.All.Select(k => k.Key).Distinct().Count());
        Assert.All(GateKinds.All, k => Assert.Contains(k.Key, k.Keys));
        Assert.All(GateKinds.All, k => Assert.Contains("severity", k.Keys));
        Assert.All(GateKinds.All, k => Assert.Subset(k.Keys.ToHashSet(), k.IdentityKeys.ToHashSet()));
    }

    [Fact]
    public void A_gate_entry_accepts_the_keys_of_every_registered_kind_and_no_other()
    {
        var union = GateKinds.All.SelectMany(k => k.Keys).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(union, SpecGrammar.Mappings["gates[]"].Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_JSON_Schema_has_one_gate_object_per_kind_with_exactly_its_keys()
    {
        Assert.Equal(GateKinds.All.Count, GateKindSchemas.All.Count);
        foreach (var kind in GateKinds.All)
        {
            var schemaKeys = GateKindSchemas.Of(kind)["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);
            Assert.Equal(kind.Keys.Order(StringComparer.Ordinal), schemaKeys);
        }
    }
}
