using MlOps.Contracts.Results;
using MlOps.Specs.Model;
using static MlOps.Core.Gates.GateText;

namespace MlOps.Core.Gates.Kinds;

/// <summary>
/// The exported graph is the gated model: ONNX Runtime's logits on the validation split within
/// max_abs_diff of TorchSharp's. No export, or no parity measured, is a failed result that says what to set.
/// </summary>
internal sealed class ExportGateEvaluator : GateKindEvaluator
{
    public override GateKind Kind => GateKind.Export;

    public override IEnumerable<GateResult> Evaluate(GateInputs inputs, GateSpec gate) => [Parity(inputs, gate)];

    private static GateResult Parity(GateInputs inputs, GateSpec gate)
    {
        var max = gate.MaxAbsDiff ?? 0;
        var name = $"export {gate.Metric} max_abs_diff {AsWritten(max)}";
        if (inputs.Export is not { } export)
        {
            return GateEvaluator.Result(gate, GateResultKind.Export, name, null, max, "<=", false,
                $"the run exported no {gate.Metric} model: add `export: {{ {gate.Metric}: true }}` to the spec so the build exports it and checks it against the trained model");
        }
        if (export.Parity is not { } parity || double.IsNaN(parity.MaxAbsLogitDiff))
        {
            return GateEvaluator.Result(gate, GateResultKind.Export, name, null, max, "<=", false,
                $"the {gate.Metric} export's logits were not compared with the trained model's (no validation rows, or a NaN logit)");
        }
        var diff = parity.MaxAbsLogitDiff;
        var passed = diff <= max;
        var subject = $"largest |logit difference| ONNX Runtime vs TorchSharp on {parity.Split} ({parity.Rows} rows)";
        var accuracy = parity.Differences.TryGetValue(Contracts.Metrics.MetricNames.Accuracy, out var d) ? $"; accuracy difference {Number(d)}, predictions agree on {parity.PredictionAgreement.ToString("P1", System.Globalization.CultureInfo.InvariantCulture)}" : "";
        return GateEvaluator.Result(gate, GateResultKind.Export, name, diff, max, "<=", passed,
            Compare(subject, diff, false, max, $"max_abs_diff {AsWritten(max)}", passed) + accuracy);
    }
}
