using MlOps.Tests.Shared;

namespace MlOps.Specs.Tests;

/// <summary>Names MLflow would refuse after training are errors at their line when the spec is validated (issue 16).</summary>
public sealed class MlflowNameRuleTests : IDisposable
{
    private const string Valid = "name: demo\nbase: {model: mlp}\ndata: {train: data/train.csv, validation: data/val.csv}\n";
    private readonly SpecSandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Theory]
    [InlineData("register_as: team/model", 5, 16)]
    [InlineData("register_as: \"model\\nname\"", 5, 16)]
    [InlineData("promote_alias: latest", 5, 18)]
    [InlineData("promote_alias: v3", 5, 18)]
    [InlineData("promote_alias: my alias", 5, 18)]
    [InlineData("champion_alias: \"best/one\"", 5, 19)]
    public void A_name_or_alias_MLflow_refuses_is_an_error_at_its_value(string entry, int line, int column)
    {
        var result = _box.Load(Valid + "tracking:\n  " + entry + "\n");

        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal(("MLOPS017", line, column), (error.Code, error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void An_experiment_name_over_500_characters_is_an_error()
    {
        var result = _box.Load(Valid + "tracking: {experiment: " + new string('e', 501) + "}\n");

        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal("MLOPS017", error.Code);
        Assert.Contains("at most 500", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("register_as: team.model-v2_ok")]
    [InlineData("promote_alias: champion-2")]
    [InlineData("champion_alias: v2-candidate")]
    public void Names_MLflow_accepts_pass(string entry)
    {
        var result = _box.Load(Valid + "tracking:\n  " + entry + "\n");

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
    }
}
