using MlOps.Specs;
using MlOps.Specs.Model;
using MlOps.Tests.Shared;

namespace MlOps.Specs.Tests;

/// <summary>`export:` and the `{ export: onnx, max_abs_diff }` gate as the loader reads them.</summary>
public sealed class ExportSpecTests : IDisposable
{
    private const string Valid = "name: demo\nbase: {model: mlp}\ndata: {train: data/train.csv, validation: data/val.csv}\n";
    private readonly SpecSandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public void Without_export_nothing_is_exported_and_written_the_section_means_onnx_at_opset_17()
    {
        Assert.Null(_box.Load(Valid).Spec!.Export);

        var export = _box.Load(Valid + "export: {}\n").Spec!.Export!;
        Assert.Equal((true, 17), (export.Onnx, export.Opset));
        Assert.Equal((false, 21), (_box.Load(Valid + "export: { onnx: false, opset: 21 }\n").Spec!.Export!.Onnx, _box.Load(Valid + "export: { opset: 21 }\n").Spec!.Export!.Opset));
    }

    [Fact]
    public void Opset_outside_17_to_21_and_unknown_keys_are_errors_at_their_place()
    {
        DiagnosticAssert.Has(_box.Load(Valid + "export: { opset: 13 }\n"), SpecErrorCodes.OutOfRange, 4, 18);
        DiagnosticAssert.Has(_box.Load(Valid + "export: { onnx: true, format: tflite }\n"), SpecErrorCodes.UnknownKey, 4, 23);
    }

    [Fact]
    public void The_export_gate_binds_with_its_threshold_and_needs_it()
    {
        var gate = Assert.Single(_box.Load(Valid + "gates:\n  - { export: onnx, max_abs_diff: 1.0e-4 }\n").Spec!.Gates);
        Assert.Equal((GateKind.Export, "onnx", 1e-4), (gate.Kind, gate.Metric, gate.MaxAbsDiff));

        DiagnosticAssert.Has(_box.Load(Valid + "gates:\n  - { export: onnx }\n"), SpecErrorCodes.MissingRequired, 5, 5);
        DiagnosticAssert.Has(_box.Load(Valid + "gates:\n  - { export: onnx, max_abs_diff: -1 }\n"), SpecErrorCodes.OutOfRange, 5, 35);
        DiagnosticAssert.Has(_box.Load(Valid + "gates:\n  - { export: onnx, max_abs_diff: 0.1, min: 0.5 }\n"), SpecErrorCodes.NotApplicable, 5, 40);
    }

    [Fact]
    public void Export_on_masked_lm_pretraining_is_MLOPS052_at_the_section()
    {
        var d = DiagnosticAssert.Has(_box.Load(Valid + "training: { objective: masked_lm }\nexport: { onnx: true }\n"), SpecErrorCodes.ExportNeedsClassifier, 5, 9);
        Assert.Contains("masked_lm", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spec_without_export_keeps_its_fingerprint_and_adding_it_changes_it()
    {
        var without = _box.Load(Valid).Spec!;
        var with = _box.Load(Valid + "export: { onnx: true }\n").Spec!;

        Assert.Equal(Fingerprint.SpecFingerprint.Compute(without with { Export = null }, "cpu"), Fingerprint.SpecFingerprint.Compute(without, "cpu"));
        Assert.DoesNotContain("Export", System.Text.Json.JsonSerializer.Serialize(without), StringComparison.Ordinal);
        Assert.NotEqual(Fingerprint.SpecFingerprint.Compute(without, "cpu"), Fingerprint.SpecFingerprint.Compute(with, "cpu"));
    }
}
