using System.Text;
using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using MlOps.Mlflow;

namespace MlOps.Core.Tracking;

/// <summary>
/// A run's numbers as MLflow metrics: the per-epoch history (step = epoch: <c>train_loss</c>,
/// <c>val_loss</c>, <c>val_accuracy</c>), final metrics per split (<c>training_accuracy</c>,
/// <c>validation_accuracy</c>, <c>forgetting_accuracy</c>), baseline values and deltas, fairness
/// values (with a counterfactual entry's group scores and its base-model figures) and gate outcomes (1/0).
/// </summary>
public static class RunMetrics
{
    public static IReadOnlyList<MlflowMetric> Build(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var start = result.Timings.StartedAt.ToUnixTimeMilliseconds();
        var end = result.Timings.FinishedAt.ToUnixTimeMilliseconds();
        var metrics = new List<MlflowMetric>();
        var elapsed = 0.0;
        foreach (var epoch in result.Training.History)
        {
            elapsed += epoch.Seconds;
            var at = start + (long)(elapsed * 1000);
            metrics.Add(new("train_loss", epoch.TrainLoss, at, epoch.Epoch));
            metrics.Add(new("val_loss", epoch.ValLoss, at, epoch.Epoch));
            metrics.Add(new("lr", epoch.LearningRate, at, epoch.Epoch));
            foreach (var (name, value) in epoch.Metrics)
            {
                var key = name.StartsWith("val_", StringComparison.Ordinal) || name.StartsWith("train_", StringComparison.Ordinal) ? name : "val_" + name;
                // val_loss is also among the validation metrics: one point per epoch, not two.
                if (key is not ("train_loss" or "val_loss" or "lr"))
                {
                    metrics.Add(new(Key(key), value, at, epoch.Epoch));
                }
            }
        }
        void Final(string key, double? value)
        {
            if (value is { } v)
            {
                metrics.Add(new(Key(key), v, end, 0));
            }
        }
        foreach (var (split, values) in result.Metrics)
        {
            // "training_", as MLflow's autologging names post-training metrics on the training data:
            // "train_loss" is the per-epoch training loss above, a different number.
            var prefix = split == MetricSplit.Train.Key() ? "training" : split;
            foreach (var (name, value) in values)
            {
                Final($"{prefix}_{name}", value);
                if (result.Baseline.GetValueOrDefault(split)?.TryGetValue(name, out var baseline) == true)
                {
                    Final($"baseline_{prefix}_{name}", baseline);
                    Final($"delta_baseline_{prefix}_{name}", value - baseline);
                }
            }
        }
        // Repeats: the values above are means; each metric's spread beside them (a later run's
        // champion comparison reads _ci_low/_ci_high/_min/_max for its gate's statistic).
        foreach (var (split, spreads) in result.Repeats?.Metrics ?? new Dictionary<string, IReadOnlyDictionary<string, MetricSpread>>())
        {
            var prefix = split == MetricSplit.Train.Key() ? "training" : split;
            foreach (var (name, spread) in spreads)
            {
                Final($"{prefix}_{name}_std", spread.Std);
                Final($"{prefix}_{name}_min", spread.Min);
                Final($"{prefix}_{name}_max", spread.Max);
                Final($"{prefix}_{name}_ci_low", spread.Lower);
                Final($"{prefix}_{name}_ci_high", spread.Upper);
            }
        }
        foreach (var fairness in result.Fairness)
        {
            var key = $"fairness_{fairness.Attribute}_{fairness.Metric}";
            Final(key, fairness.Value);
            // A generative model's counterfactual entry: each group's mean score, and the base checkpoint's
            // gap and scores on the same prompts under the baseline_ names the other metrics use.
            Final($"baseline_{key}", fairness.BaseValue);
            Final($"delta_baseline_{key}", fairness.Value - fairness.BaseValue);
            foreach (var group in fairness.Groups)
            {
                Final($"{key}_score_{group.Group}", group.Score);
                Final($"baseline_{key}_score_{group.Group}", group.BaseScore);
            }
        }
        var seen = new HashSet<string>();
        foreach (var gate in result.Gates)
        {
            var key = Key($"gate_{gate.Name}");
            for (var i = 2; !seen.Add(key); i++)
            {
                key = Key($"gate_{gate.Name}_{i}");
            }
            Final(key, gate.Passed ? 1 : 0);
        }
        Final("training_seconds", result.Timings.TrainingSeconds);
        Final("evaluation_seconds", result.Timings.EvaluationSeconds);
        return metrics;
    }

    /// <summary>MLflow keys allow letters, digits, _ - . and space; anything else becomes '_'.</summary>
    public static string Key(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var c in name.Trim())
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '_');
        }
        return text.ToString().Trim('.');
    }
}
