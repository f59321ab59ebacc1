using MlOps.Core.Evaluation;
using MlOps.Core.Fairness;
using MlOps.Core.Gates;
using MlOps.Core.Reporting;
using MlOps.Core.Tests.Evaluation;
using MlOps.Core.Tests.Reporting;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Gates;

/// <summary>The path the pipeline takes: predictions → metrics and fairness → gates → report.</summary>
public sealed class PredictionsToVerdictTests
{
    [Fact]
    public void A_biased_model_fails_its_bias_gate_and_the_report_says_where()
    {
        // Group A: 4 rows all predicted positive; group B: 4 rows, none predicted positive → DP difference 1.
        var p = TestPredictions.Of(["no", "yes"], [1, 1, 0, 0, 1, 1, 0, 0], [1, 1, 1, 1, 0, 0, 0, 0],
            new() { ["sex"] = ["A", "A", "A", "A", "B", "B", "B", "B"] });
        var bias = new BiasSpec { Attribute = "sex", Metric = "demographic_parity_difference", Max = 0.1, MinGroupSize = 1, Location = new("spec.yaml", 44, 5) };
        var gate = new GateSpec { Metric = "accuracy", Min = 0.4, Location = new("spec.yaml", 30, 5) };

        var validation = MetricCalculator.Compute(p, ["accuracy"], null);
        var fairness = FairnessCalculator.ComputeAll(p, [bias], null);
        var inputs = new GateInputs
        {
            Metrics = new Dictionary<string, IReadOnlyDictionary<string, double>> { ["validation"] = validation },
            Fairness = fairness,
        };
        var gates = GateEvaluator.Evaluate(inputs, [gate], [bias]);
        var run = SampleRun.Create() with { Gates = gates, Fairness = fairness, Verdict = GateVerdict.Of(gates) };
        var report = MarkdownReport.Render(run);

        Assert.Equal(0.5, validation["accuracy"], 12); // rows 0,1 (A) and 6,7 (B) right
        Assert.Equal(1.0, fairness[0].Value!.Value, 12);
        Assert.Equal(GateVerdict.Failed, run.Verdict);
        Assert.StartsWith("# ❌ digits: failed — 1 of 2 gates failed", report, StringComparison.Ordinal);
        Assert.Contains("| ❌ | sex demographic\\_parity\\_difference max 0.1 | validation | 1.000 | ≤ 0.100 | `spec.yaml:44` |", report, StringComparison.Ordinal);
    }
}
