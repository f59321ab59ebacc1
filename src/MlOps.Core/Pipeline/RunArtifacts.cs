using System.Globalization;
using System.Text;
using System.Text.Json;
using MlOps.Contracts.Results;
using MlOps.Core.Models;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Tracking;

namespace MlOps.Core.Pipeline;

/// <summary>The files a finished run leaves besides result.json and the reports.</summary>
internal static class RunArtifacts
{
    public static void SaveModel(RunContext run, FineTuneModule model)
    {
        Directory.CreateDirectory(run.Layout.ModelFolder);
        var spec = run.Spec.Base;
        var metadata = new ModelMetadata(spec.Model, run.Data.Classes, run.Data.Train.SampleShape, spec.Hidden, spec.Dropout, run.Data.Encoder.ToJson())
        {
            ConfigJson = run.BaseConfig?.Json,
        };
        CheckpointFile.Save(model, metadata, run.Layout.Model);
    }

    /// <summary>model/MLmodel for a classifier, after its weights: MLflow's tools then see an MLflow Model.</summary>
    public static void WriteClassifierMlModel(RunContext run) =>
        MlModelFiles.Classifier(run.Spec.Base.Model, run.Data, run.Spec.Data, run.Layout.ModelFolder).Save(run.Layout.ModelFolder);

    public static void WriteResolvedSpec(RunContext run) =>
        OutputLayout.WriteAtomically(run.Layout.ResolvedSpec, JsonSerializer.Serialize(run.Spec, RunResultJson.Options));

    /// <summary>One row per epoch: what a spreadsheet or pandas opens without help.</summary>
    public static void WriteHistory(RunContext run, IReadOnlyList<EpochRecord> history)
    {
        var metricNames = history.SelectMany(h => h.Metrics.Keys).Where(k => k is not ("train_loss" or "val_loss")).Distinct().Order(StringComparer.Ordinal).ToList();
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(",", new[] { "epoch", "step", "train_loss", "val_loss", "lr", "seconds" }.Concat(metricNames)));
        foreach (var h in history)
        {
            IEnumerable<double> values = [h.TrainLoss, h.ValLoss, h.LearningRate, h.Seconds, .. metricNames.Select(n => h.Metrics.GetValueOrDefault(n, double.NaN))];
            csv.AppendLine(string.Join(",", new[] { h.Epoch.ToString(CultureInfo.InvariantCulture), h.Step.ToString(CultureInfo.InvariantCulture) }
                .Concat(values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))));
        }
        OutputLayout.WriteAtomically(run.Layout.History, csv.ToString());
    }
}
