using System.Globalization;
using MlOps.Specs.Binding;
using MlOps.Specs.Model;
using MlOps.Specs.Yaml;

namespace MlOps.Specs.Checks;

/// <summary>Plausibility warnings on a valid spec: things that are legal but probably a mistake.</summary>
internal static class SpecWarnings
{
    public const double FineTuneLrLimit = 1e-2;
    public const long MinSamplePasses = 1_000;
    public const long MaxSamplePasses = 1_000_000_000;

    public static void Check(SpecContext ctx, FineTuneSpec spec, YNode root)
    {
        LearningRates(ctx, spec, root);
        SamplePasses(ctx, spec, root);
        if (spec.Data.Validation is null && spec.Data.Split.Validation == 0)
        {
            var at = YPath.Find(root, "data", "split", "validation") ?? YPath.Find(root, "data")!;
            ctx.Warning(SpecErrorCodes.NoValidationData,
                "no validation data: no data.validation file and data.split.validation is 0, so gates, early stopping and overfitting checks have nothing to measure; set data.validation or split.validation (e.g. 0.2)",
                at);
        }
    }

    private static void LearningRates(SpecContext ctx, FineTuneSpec spec, YNode root)
    {
        if (spec.Base.Checkpoint is null)
        {
            return;
        }
        const string why = "fine-tuning from a checkpoint usually wants a small rate (1e-5 to 1e-3) so pretrained weights move little";
        if (spec.Training.Optimizer.Lr > FineTuneLrLimit && YPath.Find(root, "training", "optimizer", "lr") is { } lr)
        {
            ctx.Warning(SpecErrorCodes.HighFineTuneLearningRate,
                $"training.optimizer.lr is {Format(spec.Training.Optimizer.Lr)}, above {Format(FineTuneLrLimit)}; {why}", lr);
        }
        foreach (var (glob, rate) in spec.Training.LayerLr.Where(p => p.Value > FineTuneLrLimit))
        {
            if (YPath.Find(root, "training", "layer_lr", glob) is { } node)
            {
                ctx.Warning(SpecErrorCodes.HighFineTuneLearningRate,
                    $"training.layer_lr '{glob}' is {Format(rate)}, above {Format(FineTuneLrLimit)}; {why}", node);
            }
        }
    }

    private static void SamplePasses(SpecContext ctx, FineTuneSpec spec, YNode root)
    {
        if (TrainingRowCounter.Count(spec.Data.Train, spec.Data.Format) is not { } rows)
        {
            return;
        }
        var trainRows = spec.Data.Validation is null ? (long)(rows * (1 - spec.Data.Split.Validation)) : rows;
        var passes = trainRows * spec.Training.Epochs;
        var at = YPath.Find(root, "training", "epochs") ?? YPath.Find(root, "data", "train")!;
        if (passes < MinSamplePasses)
        {
            ctx.Warning(SpecErrorCodes.TooFewSamplePasses,
                $"{spec.Training.Epochs} epoch(s) × {trainRows:N0} training rows = {passes:N0} sample passes (< {MinSamplePasses:N0}); the model will barely train — add data or epochs", at);
        }
        else if (passes > MaxSamplePasses)
        {
            ctx.Warning(SpecErrorCodes.TooManySamplePasses,
                $"{spec.Training.Epochs} epoch(s) × {trainRows:N0} training rows = {passes:N0} sample passes (> {MaxSamplePasses:N0}); this will take very long — lower epochs or set training.budget.max_minutes", at);
        }
    }

    private static string Format(double x) => x.ToString("G", CultureInfo.InvariantCulture);
}
