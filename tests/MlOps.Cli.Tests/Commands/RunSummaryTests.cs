using MlOps.Cli.Output;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;

namespace MlOps.Cli.Tests.Commands;

/// <summary>Issue 15, item 4: the CLI's gate table says which side of the threshold passes, as report.md does.</summary>
public sealed class RunSummaryTests
{
    private static GateResult Gate(string comparison, double threshold) => new()
    {
        Name = "g", Metric = "accuracy", Kind = GateResultKind.Metric, Comparison = comparison, Threshold = threshold,
        Actual = 0.5, Passed = true, Message = "", Location = new SourceLocation("spec.yaml", 3, 5),
    };

    [Theory]
    [InlineData(">=", 0.9, "≥ 0.9000")]
    [InlineData("<=", 0.1, "≤ 0.1000")]
    public void Thresholds_carry_their_comparison(string comparison, double threshold, string shown) =>
        Assert.Equal(shown, RunSummary.Threshold(Gate(comparison, threshold)));
}
