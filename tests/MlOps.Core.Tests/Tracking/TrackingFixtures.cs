using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Fairness;
using MlOps.Core.Gates;
using MlOps.Core.Pipeline;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Tracking;

/// <summary>A small finished run on disk: spec, output folder with result.json, report.md and a model.</summary>
internal sealed class TrackingFixtures
{
    public TrackingFixtures(string verdict = "passed", double validationAccuracy = 0.93)
    {
        Root = Path.Combine(Path.GetTempPath(), "mlops-tracking-tests", Guid.NewGuid().ToString("N"));
        OutputDir = Path.Combine(Root, "out", "digits");
        Directory.CreateDirectory(Path.Combine(OutputDir, "plots"));
        File.WriteAllText(Path.Combine(Root, "train.csv"), "x,label\n1,a\n");
        File.WriteAllText(Path.Combine(OutputDir, "result.json"), "{}");
        File.WriteAllText(Path.Combine(OutputDir, "report.md"), "# digits\nall gates passed\n");
        File.WriteAllText(Path.Combine(OutputDir, "model.dat"), "weights");
        File.WriteAllText(Path.Combine(OutputDir, "plots", "loss.png"), "png");
        Spec = new FineTuneSpec
        {
            Name = "digits",
            SpecPath = Path.Combine(Root, "specs", "digits.yaml"),
            Base = new BaseModelSpec { Model = "mlp" },
            Data = new DataSpec { Train = Path.Combine(Root, "train.csv") },
            Training = new TrainingSpec { Epochs = 2, Optimizer = new OptimizerSpec { Lr = 1e-4 } },
            Tracking = new TrackingSpec { Experiment = "digits-exp", RegisterAs = "digits-classifier", PromoteAlias = "champion" },
        };
        var started = DateTimeOffset.FromUnixTimeMilliseconds(1795938478000);
        Result = new RunResult
        {
            ToolVersion = "0.1.0",
            Spec = new SpecInfo("digits", Spec.SpecPath, "fp-" + Guid.NewGuid().ToString("N")[..8]),
            Verdict = Enum.Parse<RunVerdict>(verdict, ignoreCase: true),
            Device = "cpu",
            Timings = new Timings(started, started.AddSeconds(10), 8, 2),
            Datasets = [new DatasetRecord("train", "training", Path.Combine(Root, "train.csv"), new string('a', 64), 1, 2, new Dictionary<string, int> { ["a"] = 1 })],
            Model = new ModelInfo("mlp", null, null, 100, 100, []),
            Training = new TrainingSummary(2, 2, 2, StopReason.Completed, false,
            [
                new EpochRecord(1, 10, 0.9, 0.8, 1e-4, 1.5, new Dictionary<string, double> { ["accuracy"] = 0.7 }),
                new EpochRecord(2, 20, 0.5, 0.6, 5e-5, 1.5, new Dictionary<string, double> { ["accuracy"] = 0.9 }),
            ]),
            Metrics = new Dictionary<string, IReadOnlyDictionary<string, double>>
            {
                ["validation"] = new Dictionary<string, double> { ["accuracy"] = validationAccuracy, ["macro_f1"] = 0.91 },
                ["train"] = new Dictionary<string, double> { ["accuracy"] = 0.97 },
            },
            Baseline = new Dictionary<string, IReadOnlyDictionary<string, double>>
            {
                ["validation"] = new Dictionary<string, double> { ["accuracy"] = 0.80 },
            },
            Gates =
            [
                new GateResult { Name = "accuracy min 0.90", Metric = "accuracy", Kind = GateResultKind.Metric, Comparison = ">=", Passed = verdict == "passed", Message = "", Location = new SourceLocation(Spec.SpecPath, 12, 5) },
            ],
            Fairness = [new FairnessResult { Attribute = "sex", Metric = "demographic_parity_difference", Value = 0.04 }],
            Outputs = new OutputPaths(OutputDir, Path.Combine(OutputDir, "model.dat"), Path.Combine(OutputDir, "spec.resolved.yaml"), Path.Combine(OutputDir, "history.csv"), Path.Combine(OutputDir, "report.md"), null, []),
        };
    }

    public string Root { get; }
    public string OutputDir { get; }
    public FineTuneSpec Spec { get; }
    public RunResult Result { get; }

    /// <summary>GitHub Actions on a push to the default branch (or a PR when <paramref name="pr"/> is set).</summary>
    public Func<string, string?> GitHubEnvironment(string refName = "main", string? pr = null)
    {
        var eventPath = Path.Combine(Root, "event.json");
        File.WriteAllText(eventPath, pr is null
            ? "{\"repository\": {\"default_branch\": \"main\"}}"
            : $"{{\"repository\": {{\"default_branch\": \"main\"}}, \"pull_request\": {{\"number\": {pr}}}}}");
        var values = new Dictionary<string, string>
        {
            ["GITHUB_REPOSITORY"] = "octo/digits",
            ["GITHUB_RUN_ID"] = "42",
            ["GITHUB_WORKFLOW"] = "gate",
            ["GITHUB_ACTOR"] = "ada",
            ["GITHUB_REF_NAME"] = pr is null ? refName : $"{pr}/merge",
            ["GITHUB_EVENT_PATH"] = eventPath,
        };
        return name => values.GetValueOrDefault(name);
    }
}
