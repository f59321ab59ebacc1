using MlOps.Contracts.Results;
using MlOps.Specs.Formats;
using MlOps.Specs.Model;
using MlOps.Specs.Objectives;

namespace MlOps.Specs.Binding;

/// <summary>The spelling of every enumerated value in the spec language.</summary>
internal static class Choices
{
    public static readonly IReadOnlyList<(string, HeadMode)> Head = [("keep", HeadMode.Keep), ("replace", HeadMode.Replace)];
    public static readonly IReadOnlyList<(string, DataFormat)> Format = [.. DataFormats.All.Select(d => (d.Name, d.Format))];
    public static readonly IReadOnlyList<(string, MissingValuePolicy)> Missing =
        [("error", MissingValuePolicy.Error), ("drop", MissingValuePolicy.Drop), ("impute", MissingValuePolicy.Impute)];
    public static readonly IReadOnlyList<(string, OutOfCoreMode)> OutOfCore = [("auto", OutOfCoreMode.Auto), ("true", OutOfCoreMode.Always), ("false", OutOfCoreMode.Never)];
    public static readonly IReadOnlyList<(string, SensitiveMissingPolicy)> SensitiveMissing =
        [("error", SensitiveMissingPolicy.Error), ("group", SensitiveMissingPolicy.Group), ("drop", SensitiveMissingPolicy.Drop)];
    public static readonly IReadOnlyList<(string, UndefinedRate)> UndefinedRate = [("zero", Model.UndefinedRate.Zero), ("exclude", Model.UndefinedRate.Exclude)];
    public static readonly IReadOnlyList<(string, BiasGroups)> BiasGroups = [("sized", Model.BiasGroups.Sized), ("all", Model.BiasGroups.All)];
    public static readonly IReadOnlyList<(string, SweepMethod)> SweepMethod = [("grid", Model.SweepMethod.Grid), ("random", Model.SweepMethod.Random)];
    public static readonly IReadOnlyList<(string, OptimizerType)> Optimizer = [("adamw", OptimizerType.AdamW), ("sgd", OptimizerType.Sgd)];
    public static readonly IReadOnlyList<(string, TrainingObjective)> Objective = [.. Objectives.TrainingObjectives.All.Select(o => (o.Name, o.Objective))];
    public static readonly IReadOnlyList<(string, ScheduleType)> Schedule =
        [("constant", ScheduleType.Constant), ("linear", ScheduleType.Linear), ("cosine", ScheduleType.Cosine)];
    public static readonly IReadOnlyList<(string, GateReference)> Against = [("baseline", GateReference.Baseline), ("champion", GateReference.Champion)];
    public static readonly IReadOnlyList<(string, Severity)> Severity = [("error", MlOps.Contracts.Results.Severity.Error), ("warning", MlOps.Contracts.Results.Severity.Warning)];
    public static readonly IReadOnlyList<string> Split = ["train", "validation", "test"];
    public static readonly IReadOnlyList<(string, RepeatStatistic)> Statistic =
        [("mean", RepeatStatistic.Mean), ("lower_bound", RepeatStatistic.LowerBound), ("min", RepeatStatistic.Min)];
    public static readonly IReadOnlyList<(string, AdapterType)> Adapter = [("lora", AdapterType.Lora)];
    public static readonly IReadOnlyList<(string, RegisterContext)> RegisterOn =
        [("default_branch", RegisterContext.DefaultBranch), ("pull_request", RegisterContext.PullRequest)];
    public static readonly IReadOnlyList<(string, Precision)> Precision = [("fp32", Model.Precision.Fp32), ("bf16", Model.Precision.Bf16)];
}
