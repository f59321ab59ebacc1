using MlOps.Specs;
using MlOps.Specs.Model;
using MlOps.Tests.Shared;

namespace MlOps.Specs.Tests;

/// <summary>`adapter:` and `training.precision` as the loader reads them.</summary>
public sealed class AdapterSpecTests : IDisposable
{
    private const string Valid = "name: demo\nbase: {model: mlp}\ndata: {train: data/train.csv, validation: data/val.csv}\n";
    private readonly SpecSandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public void An_adapter_section_binds_with_each_target_located()
    {
        var result = _box.Load(Valid + "adapter:\n  type: lora\n  r: 8\n  alpha: 16\n  dropout: 0.05\n  targets: [\"*.query\", \"*.value\"]\n  merge: true\ntraining: {precision: bf16}\n");

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var adapter = result.Spec!.Adapter!;
        Assert.Equal(AdapterType.Lora, adapter.Type);
        Assert.Equal(8, adapter.R);
        Assert.Equal(2.0, adapter.Scale);
        Assert.Equal(0.05, adapter.Dropout);
        Assert.True(adapter.Merge);
        Assert.Equal(["*.query", "*.value"], adapter.Targets);
        Assert.Equal([(9, 13), (9, 24)], adapter.TargetLocations.Select(l => (l.Line, l.Column)));
        Assert.Equal(Precision.Bf16, result.Spec.Training.Precision);
    }

    [Fact]
    public void Without_adapter_and_precision_the_defaults_are_none_and_fp32()
    {
        var result = _box.Load(Valid);

        Assert.Null(result.Spec!.Adapter);
        Assert.Equal(Precision.Fp32, result.Spec.Training.Precision);
    }

    [Fact]
    public void Only_lora_is_an_adapter_type()
    {
        var diagnostic = DiagnosticAssert.Has(_box.Load(Valid + "adapter: {type: ia3, targets: [\"backbone.*\"]}\n"), SpecErrorCodes.NotAllowed, 4, 17);
        Assert.Contains("lora", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Targets_are_required_and_may_not_be_empty()
    {
        DiagnosticAssert.Has(_box.Load(Valid + "adapter: {r: 4}\n"), SpecErrorCodes.MissingRequired, 4, 10);
        DiagnosticAssert.Has(_box.Load(Valid + "adapter: {targets: []}\n"), SpecErrorCodes.MissingRequired, 4, 20);
    }

    [Fact]
    public void Rank_and_precision_are_checked()
    {
        DiagnosticAssert.Has(_box.Load(Valid + "adapter: {r: 0, targets: [\"a\"]}\n"), SpecErrorCodes.OutOfRange, 4, 14);
        var diagnostic = DiagnosticAssert.Has(_box.Load(Valid + "training: {precision: fp16}\n"), SpecErrorCodes.NotAllowed, 4, 23);
        Assert.Contains("fp32, bf16", diagnostic.Message, StringComparison.Ordinal);
    }
}
