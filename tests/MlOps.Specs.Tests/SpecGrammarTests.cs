using MlOps.Specs;

namespace MlOps.Specs.Tests;

public sealed class SpecGrammarTests
{
    [Fact]
    public void A_gate_entry_accepts_exactly_the_keys_of_its_kinds()
    {
        var union = SpecGrammar.MetricGateKeys.Concat(SpecGrammar.OverfitGateKeys).Concat(SpecGrammar.ForgettingGateKeys)
            .Concat(Gates.GateKinds.Of(Model.GateKind.Export).Keys).Distinct();
        Assert.Equal(union.Order(StringComparer.Ordinal), SpecGrammar.Mappings["gates[]"].Order(StringComparer.Ordinal));
    }

    [Fact]
    public void No_mapping_lists_a_key_twice()
    {
        Assert.All(SpecGrammar.Mappings, m => Assert.Equal(m.Value.Count, m.Value.Distinct().Count()));
    }
}
