using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Fairness;
using MlOps.Core.Gates;
using MlOps.Core.Pipeline;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Reporting;

/// <summary>A finished run with one failed gate, one failed warning gate, one passed gate, and a hostile class label.</summary>
internal static class SampleRun
{
    public const string HostileLabel = "<script>x</script>|`b`[link](http://e)";

    public static RunResult Create(IReadOnlyList<EpochRecord>? history = null, IReadOnlyList<string>? advice = null) => new()
    {
        ToolVersion = "0.1.0",
        Spec = new SpecInfo("digits", "specs/spec.yaml", "abc"),
        Verdict = GateVerdict.Failed,
        Device = "cpu",
        Timings = new Timings(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(2), 100, 5),
        Datasets = [new DatasetRecord("train", "training", "data/train.csv", "ff", 500, 3, new Dictionary<string, int>())],
        Model = new ModelInfo("cnn-small", null, null, 100_000, 4_000, []),
        Training = new TrainingSummary(4, 4, 4, StopReason.Completed, false, history ??
        [
            new EpochRecord(1, 10, 1.0, 0.9, 1e-4, 1, new Dictionary<string, double> { ["accuracy"] = 0.7 }),
            new EpochRecord(2, 20, 0.6, 0.7, 1e-4, 1, new Dictionary<string, double> { ["accuracy"] = 0.8 }),
            new EpochRecord(3, 30, 0.4, 0.6, 1e-4, 1, new Dictionary<string, double> { ["accuracy"] = 0.85 }),
            new EpochRecord(4, 40, 0.3, 0.55, 1e-4, 1, new Dictionary<string, double> { ["accuracy"] = 0.874 }),
        ]),
        Metrics = new Dictionary<string, IReadOnlyDictionary<string, double>>
        {
            ["validation"] = new Dictionary<string, double> { ["accuracy"] = 0.874, ["log_loss"] = 0.55 },
            ["train"] = new Dictionary<string, double> { ["accuracy"] = 0.95, ["log_loss"] = 0.3 },
        },
        Baseline = new Dictionary<string, IReadOnlyDictionary<string, double>>
        {
            ["validation"] = new Dictionary<string, double> { ["accuracy"] = 0.80, ["log_loss"] = 0.7 },
        },
        Classes = ["cat", HostileLabel],
        ConfusionMatrix = [[40, 5], [8, 47]],
        Gates =
        [
            Gate("accuracy min 0.9", passed: true, Severity.Error, 30, "accuracy 0.912 ≥ min 0.900"),
            Gate("accuracy min 0.95", passed: false, Severity.Error, 31, "accuracy 0.874 < min 0.950 (short by 0.076)"),
            Gate("log_loss max 0.5", passed: false, Severity.Warning, 32, "log_loss 0.550 > max 0.500 (over by 0.050)"),
        ],
        Fairness =
        [
            new FairnessResult
            {
                Attribute = "sex", Metric = "demographic_parity_difference", Value = 0.25, PrivilegedGroup = null,
                Groups = [new GroupStatistics("F|<b>", 40, false, 0.5, 0.5, 0.5, 0.5), new GroupStatistics("M", 2, true, 1, null, 1, 0)],
                Warnings = ["MLOPS603: group 'M' has 2 rows"],
            },
        ],
        Advice = advice ?? [],
        Outputs = new OutputPaths("out", "out/model.dat", "out/spec.resolved.yaml", "out/history.csv", null, null, []),
    };

    private static GateResult Gate(string name, bool passed, Severity severity, int line, string message) => new()
    {
        Name = name,
        Metric = name.Split(' ')[0],
        Kind = GateResultKind.Metric,
        Actual = 0.874,
        Threshold = 0.95,
        Comparison = ">=",
        Passed = passed,
        Severity = severity,
        Message = message,
        Location = new SourceLocation("/repo/specs/spec.yaml", line, 5),
    };
}
