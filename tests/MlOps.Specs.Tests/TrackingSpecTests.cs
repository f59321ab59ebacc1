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
}
