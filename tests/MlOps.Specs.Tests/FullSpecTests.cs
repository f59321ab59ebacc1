using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Specs;
using MlOps.Specs.Model;
using MlOps.Tests.Shared;

namespace MlOps.Specs.Tests;

/// <summary>The fixture that uses every key loads to exactly the values written, paths made absolute.</summary>
public sealed class FullSpecTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    private static FineTuneSpec LoadFixture(string name)
    {
        var result = SpecLoader.Load(Path.Combine(Fixtures, name), new SpecLoadOptions { RepositoryRoot = Fixtures });
        DiagnosticAssert.Clean(result);
        return result.Spec!;
    }

    private static string At(string relative) => Path.Combine(Fixtures, relative);

    [Fact]
    public void Top_level_and_base_values_are_bound()
    {
        var spec = LoadFixture("full.yaml");
        Assert.Equal("credit-risk.v2", spec.Name);
        Assert.Equal(At("full.yaml"), spec.SpecPath);
        Assert.Equal(7, spec.Seed);
        Assert.Equal("cuda:1", spec.Device);
        Assert.Equal("mlp", spec.Base.Model);
        Assert.Equal(At("models/base.safetensors"), spec.Base.Checkpoint);
        Assert.Equal(HeadMode.Keep, spec.Base.Head);
        Assert.Equal([128, 64, 32], spec.Base.Hidden);
        Assert.Equal(0.25, spec.Base.Dropout);
        Assert.Equal(new SourceLocation(At("full.yaml"), 7, 3), spec.Base.Location);
    }

    [Fact]
    public void Data_values_are_bound_with_absolute_paths_and_every_sensitive_form()
    {
        var data = LoadFixture("full.yaml").Data;
        Assert.Equal(DataFormat.Csv, data.Format);
        Assert.Equal(At("data/train.csv"), data.Train);
        Assert.Equal(At("data/val.csv"), data.Validation);
        Assert.Null(data.TrainLabels);
        Assert.Equal(new SplitSpec { Validation = 0.25, Stratify = false }, data.Split);
        Assert.Equal("risk", data.Label);
        Assert.Equal(["good", "bad"], data.Classes);
        Assert.Equal(["x*", "age_years", "purpose"], data.Include);
        Assert.Equal(["id"], data.Exclude);
        Assert.Equal(["purpose"], data.Categorical);
        Assert.Equal(MissingValuePolicy.Impute, data.Missing);
        Assert.Equal(["purpose", "age", "sex"], data.Sensitive.Select(s => s.Name));
        Assert.Equal("purpose", data.Sensitive[0].Column);
        Assert.Equal("age_years", data.Sensitive[1].Column);
        Assert.Equal([25.0, 60.0], data.Sensitive[1].Bins);
        Assert.True(data.Sensitive[1].UseAsFeature);
        Assert.Equal(SensitiveMissingPolicy.Drop, data.Sensitive[1].Missing);
        Assert.Equal(SensitiveMissingPolicy.Error, data.Sensitive[0].Missing);
        Assert.Null(data.Sensitive[2].Column);
        Assert.Equal("Personal.male*", data.Sensitive[2].OneHot["male"]);
        Assert.Equal("Personal.female*", data.Sensitive[2].OneHot["female"]);
        Assert.False(data.Sensitive[2].UseAsFeature);
    }

    [Fact]
    public void Training_values_are_bound_and_layer_lr_keeps_its_written_order()
    {
        var spec = LoadFixture("full.yaml");
        var t = spec.Training;
        Assert.Equal(20, t.Epochs);
        Assert.Equal(16, t.BatchSize);
        Assert.Equal(OptimizerType.Sgd, t.Optimizer.Type);
        Assert.Equal(0.005, t.Optimizer.Lr);
        Assert.Equal(0.001, t.Optimizer.WeightDecay);
        Assert.Equal(0.8, t.Optimizer.Momentum);
        Assert.Equal(new SourceLocation(At("full.yaml"), 31, 31), t.Optimizer.LrLocation);
        Assert.Equal([new("head.*", 0.001), new("backbone.*", 0.0001)], t.LayerLr);
        Assert.Equal(["backbone.layer1.*"], t.Freeze);
        Assert.Equal(new ScheduleSpec { Type = ScheduleType.Cosine, WarmupRatio = 0.1 }, t.Schedule);
        Assert.Equal(1.5, t.GradClip);
        Assert.Equal(2, t.GradientAccumulation);
        Assert.Equal(new EarlyStoppingSpec { Metric = "val_macro_f1", Patience = 4, MinDelta = 0.001, RestoreBest = false }, t.EarlyStopping);
        Assert.Equal(12.5, t.MaxMinutes);
        Assert.Equal(4, t.Threads);
    }

    [Fact]
    public void Evaluation_gates_bias_and_tracking_are_bound()
    {
        var spec = LoadFixture("full.yaml");
        Assert.Equal(["accuracy", "macro_f1", "log_loss", "roc_auc"], spec.Evaluation.Metrics);
        Assert.Equal("bad", spec.Evaluation.PositiveLabel);
        Assert.Equal(At("data/original.csv"), spec.Evaluation.Forgetting!.Data);
        Assert.Equal("macro_f1", spec.Evaluation.Forgetting.Metric);
        Assert.Equal(new BootstrapSpec { Samples = 500, Confidence = 0.9 }, spec.Evaluation.Bootstrap);

        Assert.Equal(5, spec.Gates.Count);
        var file = At("full.yaml");
        Assert.Equal(new GateSpec { Metric = "accuracy", Min = 0.8, Max = 0.99, Severity = Severity.Warning, Location = new(file, 46, 5) }, spec.Gates[0]);
        Assert.Equal(new GateSpec
        {
            Metric = "macro_f1", Against = GateReference.Champion, MaxRegression = 0.01, MaxRelativeRegression = 0.02,
            GreaterIsBetter = true, Location = new(file, 47, 5),
        }, spec.Gates[1]);
        Assert.Equal(new GateSpec
        {
            Metric = "balanced_accuracy", Against = GateReference.Baseline, MinAbsoluteChange = 0.02, MinRelativeChange = 0.01,
            Split = "train", Location = new(file, 48, 5),
        }, spec.Gates[2]);
        Assert.Equal(new GateSpec { Kind = GateKind.Overfit, Metric = "accuracy", MaxGap = 0.05, Location = new(file, 49, 5) }, spec.Gates[3]);
        Assert.Equal(new GateSpec { Kind = GateKind.Forgetting, Metric = "accuracy", MaxDrop = 0.05, Location = new(file, 50, 5) }, spec.Gates[4]);

        Assert.Equal(new BiasSpec
        {
            Attribute = "sex", Metric = "demographic_parity_difference", Max = 0.1, MinGroupSize = 20, Severity = Severity.Warning,
            Location = new(file, 52, 5),
        }, spec.Bias[0]);
        Assert.Equal(new BiasSpec
        {
            Attribute = "age", Metric = "disparate_impact", Min = 0.8, Privileged = ">=25", UseBound = true, Location = new(file, 53, 5),
            FavourableLabel = "good", Groups = BiasGroups.All, UndefinedRate = UndefinedRate.Exclude,
        }, spec.Bias[1]);

        Assert.Equal(new TrackingSpec
        {
            Uri = "http://mlflow.example:5000", Experiment = "credit", RegisterAs = "credit-classifier",
            PromoteAlias = "champion", PromoteAliasLocation = new(file, 58, 18), ChampionAlias = "prod",
        }, spec.Tracking);
    }

    [Fact]
    public void Idx_labels_files_and_checkpoint_none_are_bound()
    {
        var spec = LoadFixture("idx.yaml");
        Assert.Null(spec.Base.Checkpoint);
        Assert.Equal(DataFormat.Idx, spec.Data.Format);
        Assert.Equal(At("data/train-labels.idx"), spec.Data.TrainLabels);
        Assert.Equal(At("data/val-labels.idx"), spec.Data.ValidationLabels);
        Assert.Equal(10, spec.Data.Classes.Count);
        Assert.Equal(At("data/val-labels.idx"), spec.Evaluation.Forgetting!.Labels);
        Assert.Equal("accuracy", spec.Evaluation.Forgetting.Metric);
    }

    [Fact]
    public void A_minimal_spec_gets_every_default()
    {
        var spec = LoadFixture("minimal.yaml");
        Assert.Equal(42, spec.Seed);
        Assert.Equal("auto", spec.Device);
        Assert.Null(spec.Base.Checkpoint);
        Assert.Equal(HeadMode.Replace, spec.Base.Head);
        Assert.Equal([64, 32], spec.Base.Hidden);
        Assert.Equal(new SplitSpec(), spec.Data.Split);
        Assert.Equal("label", spec.Data.Label);
        Assert.Equal(new OptimizerSpec { LrLocation = null }, spec.Training.Optimizer);
        Assert.Null(spec.Training.EarlyStopping);
        Assert.Equal(["accuracy", "macro_f1", "log_loss"], spec.Evaluation.Metrics);
        Assert.Empty(spec.Gates);
        Assert.Equal(new TrackingSpec(), spec.Tracking);
    }
}
