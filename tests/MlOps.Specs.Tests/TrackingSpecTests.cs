using MlOps.Specs.Model;
using MlOps.Tests.Shared;

namespace MlOps.Specs.Tests;

/// <summary>`tracking.register_on` (issue 15, item 12): where a passed run may register a version.</summary>
public sealed class TrackingSpecTests : IDisposable
{
    private const string Valid = "name: demo\nbase: {model: mlp}\ndata: {train: data/train.csv, validation: data/val.csv}\n";
    private readonly SpecSandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public void Without_register_on_only_the_default_branch_registers()
    {
        var result = _box.Load(Valid + "tracking: {register_as: demo-model}\n");

        Assert.Equal([RegisterContext.DefaultBranch], result.Spec!.Tracking.RegisterOn);
    }

    [Fact]
    public void Pull_requests_opt_in()
    {
        var result = _box.Load(Valid + "tracking:\n  register_as: demo-model\n  register_on: [default_branch, pull_request]\n");

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal([RegisterContext.DefaultBranch, RegisterContext.PullRequest], result.Spec!.Tracking.RegisterOn);
    }

    [Fact]
    public void An_unknown_context_is_reported_at_its_item_with_a_suggestion()
    {
        var result = _box.Load(Valid + "tracking:\n  register_on: [default_branch, pull_requests]\n");

        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal(("MLOPS016", 5, 33), (error.Code, error.Location.Line, error.Location.Column));
        Assert.Contains("did you mean 'pull_request'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Register_on_does_not_change_the_fingerprint()
    {
        var plain = _box.Load(Valid + "tracking: {register_as: demo-model}\n").Spec!;
        var opted = plain with { Tracking = plain.Tracking with { RegisterOn = [RegisterContext.DefaultBranch, RegisterContext.PullRequest] } };

        Assert.Equal(MlOps.Specs.Fingerprint.SpecFingerprint.Compute(plain, "cpu"), MlOps.Specs.Fingerprint.SpecFingerprint.Compute(opted, "cpu"));
    }

    [Theory]
    [InlineData("main.credit", "has 2")]
    [InlineData("main.credit.my model", "holds a space")]
    [InlineData("main..model", "schema part is empty")]
    public void On_Databricks_a_name_with_a_period_must_be_catalog_schema_model(string name, string expected)
    {
        var result = _box.Load(Valid + $"tracking:\n  uri: databricks\n  register_as: \"{name}\"\n");

        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal(("MLOPS017", 6, 16), (error.Code, error.Location.Line, error.Location.Column));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("databricks://prod", "main.credit.classifier")]
    [InlineData("databricks", "credit-classifier")]
    [InlineData("http://127.0.0.1:5000", "credit.v2")]
    public void Unity_Catalog_names_workspace_names_and_other_servers_names_with_periods_pass(string uri, string name)
    {
        var result = _box.Load(Valid + $"tracking:\n  uri: \"{uri}\"\n  register_as: {name}\n");

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal(name, result.Spec!.Tracking.RegisterAs);
    }
}
