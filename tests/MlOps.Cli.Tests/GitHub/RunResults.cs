using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Fairness;
using MlOps.Core.Gates;
using MlOps.Core.Pipeline;
using MlOps.Specs.Model;

namespace MlOps.Cli.Tests.GitHub;

/// <summary>result.json contents as `mlops run` writes them, with the gates a test needs.</summary>
internal static class RunResults
{
    public static RunResult With(string name, string specPath, params GateResult[] gates) => new()
    {
        ToolVersion = "0.1.0",
        Spec = new SpecInfo(name, specPath, "f1"),
        Verdict = GateVerdict.Of(gates),
        Device = "cpu",
        Timings = new Timings(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1, 1),
        Model = new ModelInfo("mlp", null, null, 10, 10, []),
        Training = new TrainingSummary(2, 2, 2, StopReason.Completed, false, []),
        Metrics = new Dictionary<string, IReadOnlyDictionary<string, double>>
        {
            ["validation"] = new Dictionary<string, double> { ["accuracy"] = 0.874, ["f1"] = 0.8 },
            ["train"] = new Dictionary<string, double> { ["accuracy"] = 0.95 },
        },
        Champion = new ChampionInfo("champion", name, "3", "run-champ", new Dictionary<string, double> { ["accuracy"] = 0.9 }),
        Gates = gates,
        Fairness =
        [
            new FairnessResult
            {
                Attribute = "sex", Metric = "demographic_parity_difference", Value = 0.04,
                Groups = [new GroupStatistics("female", 120, false, 0.31, null, null, 0.87), new GroupStatistics("male", 130, false, 0.35, null, null, 0.88)],
            },
        ],
        Outputs = new OutputPaths(".", "model.safetensors", "spec.yaml", "history.csv", null, null, []),
        Tracking = new TrackingInfo("file:./mlruns", "1", "run-" + name, null, false, null),
    };

    public static GateResult Gate(string name, bool passed, string specPath, int line, Severity severity = Severity.Error, string? message = null) => new()
    {
        Name = name,
        Metric = "accuracy",
        Kind = GateResultKind.Metric,
        Actual = 0.874,
        Threshold = 0.9,
        Comparison = ">=",
        Passed = passed,
        Severity = severity,
        Message = message ?? (passed ? "accuracy 0.874 >= min 0.800" : "accuracy 0.874 < min 0.900 (short by 0.026)"),
        Location = new SourceLocation(specPath, line, 5),
    };
}
