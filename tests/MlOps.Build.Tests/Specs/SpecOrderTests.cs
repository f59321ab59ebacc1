using MlOps.Build.Specs;

namespace MlOps.Build.Tests.Specs;

public sealed class SpecOrderTests
{
    private static PlannedSpec Spec(string name, string? checkpointOf = null) =>
        new(name, $"/repo/specs/{name}.yaml", $"/repo/bin/mlops/{name}", checkpointOf is null ? null : $"/repo/bin/mlops/{checkpointOf}/model.safetensors");

    [Fact]
    public void Independent_specs_keep_their_declared_order()
    {
        var order = SpecOrder.Sort([Spec("b"), Spec("a"), Spec("c")], out _)!;

        Assert.Equal(["b", "a", "c"], order.Select(s => s.Name));
    }

    [Fact]
    public void Chains_run_parents_first()
    {
        var order = SpecOrder.Sort([Spec("grandchild", "child"), Spec("child", "parent"), Spec("parent")], out _)!;

        Assert.Equal(["parent", "child", "grandchild"], order.Select(s => s.Name));
    }

    [Fact]
    public void A_folder_that_merely_shares_a_prefix_is_not_a_dependency()
    {
        var prefixTwin = new PlannedSpec("ab", "/repo/specs/ab.yaml", "/repo/bin/mlops/ab", "/repo/bin/mlops/abc/model.safetensors");
        var abc = Spec("abc");

        var order = SpecOrder.Sort([prefixTwin, Spec("a")], out _)!;

        Assert.Equal(["ab", "a"], order.Select(s => s.Name));
        Assert.Single(SpecOrder.DependenciesOf(prefixTwin, [prefixTwin, abc]));
    }

    [Fact]
    public void A_cycle_is_reported_with_its_members()
    {
        var order = SpecOrder.Sort([Spec("x", "y"), Spec("y", "x")], out var cycle);

        Assert.Null(order);
        Assert.Equal(["x", "y"], cycle.Select(s => s.Name));
    }
}
