using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Gates;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Gates;

/// <summary>`{ export: onnx, max_abs_diff }`: the parity a run measured against the threshold, and the results when there is none.</summary>
public sealed class ExportGateTests
{
    private static readonly GateSpec Gate = new() { Kind = GateKind.Export, Metric = "onnx", MaxAbsDiff = 1e-4, Location = new SourceLocation("spec.yaml", 12, 5) };

    private static GateInputs With(double maxDiff, double accuracyDiff = 0) => new()
    {
        Export = new OnnxExportInfo("out/onnx", "out/onnx/model.onnx", "out/onnx/model.json", "mlp", 17, 1234)
        {
            Parity = new OnnxParity("validation", 150, maxDiff, 0.98,
                new Dictionary<string, double> { ["accuracy"] = 0.8 }, new Dictionary<string, double> { ["accuracy"] = 0.8 + accuracyDiff },
                new Dictionary<string, double> { ["accuracy"] = accuracyDiff }),
        },
    };

    private static GateResult Single(GateInputs inputs) => Assert.Single(GateEvaluator.Evaluate(inputs, [Gate], []));

    [Fact]
    public void Logits_within_max_abs_diff_pass()
    {
        var result = Single(With(3e-7));

        Assert.True(result.Passed, result.Message);
        Assert.Equal((GateResultKind.Export, "export onnx max_abs_diff 0.0001", 3e-7, 12), (result.Kind, result.Name, result.Actual, result.Location.Line));
    }

    [Fact]
    public void A_larger_difference_fails_with_the_numbers_and_the_metric_differences()
    {
        var result = Single(With(2.5e-4, -0.0067));

        Assert.False(result.Passed);
        Assert.Contains("validation (150 rows)", result.Message, StringComparison.Ordinal);
        Assert.Contains("over by", result.Message, StringComparison.Ordinal);
        Assert.Contains("accuracy difference -0.007", result.Message, StringComparison.Ordinal);
        Assert.Equal(RunVerdict.Failed, GateVerdict.Of([result]));
    }

    [Fact]
    public void No_export_is_a_failed_result_that_says_what_to_set()
    {
        var result = Single(new GateInputs());

        Assert.False(result.Passed);
        Assert.Null(result.Actual);
        Assert.Contains("`export: { onnx: true }`", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_NaN_difference_fails()
    {
        Assert.False(Single(With(double.NaN)).Passed);
    }
}
