using MlOps.Core.Models;
using MlOps.Core.Models.Families;
using MlOps.Specs.Families;

namespace MlOps.Core.Tests.Kinds;

/// <summary>A model family is two halves tied by its key: the spec half (ModelFamilies: names) and the run half (ModelFamilyBuilders: building, auto).</summary>
public sealed class ModelFamilyRegistrationTests
{
    [Fact]
    public void Every_model_family_has_one_spec_half_and_one_run_half_with_the_same_names()
    {
        var specSide = ModelFamilies.All.Select(f => (f.Key, Names: string.Join(",", f.Names))).Order();
        var runSide = ModelFamilyBuilders.All.Select(f => (f.Key, Names: string.Join(",", f.Names))).Order();
        Assert.Equal(specSide, runSide);
    }

    [Fact]
    public void Every_built_in_name_belongs_to_one_family_and_the_registry_builds_it()
    {
        var names = ModelFamilies.Names.ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal(names.Order(), new ModelRegistry().Names.Order());
    }
}
