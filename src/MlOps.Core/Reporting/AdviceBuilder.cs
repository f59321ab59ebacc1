using System.Globalization;
using MlOps.Contracts.Metrics;
using MlOps.Contracts.Results;
using MlOps.Core.Evaluation;
using MlOps.Core.Gates;
using MlOps.Core.Pipeline;
using MlOps.Specs.Model;

namespace MlOps.Core.Reporting;

/// <summary>
/// Plain-language warnings about the risks of fine-tuning that the numbers of a run already show:
/// no gain over the base model, too little data for the trainable parameters, overfitting.
/// </summary>
public static class AdviceBuilder
{
    /// <summary>Fewer than this many rows per trainable parameter (rows &lt; trainable / 10) is "small".</summary>
    public const int ParametersPerRow = 10;

    /// <summary>Epochs looked at for the overfitting trend.</summary>
    public const int TrendWindow = 3;

    /// <param name="training">The spec's training section: advice never suggests what it already does.
    /// Null when only result.json is at hand (<c>mlops report</c>): then early stopping counts as set when it fired.</param>
    public static IReadOnlyList<string> Build(RunResult result, TrainingSpec? training = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var advice = new List<string>();
        NotBetterThanBaseline(result, advice);
        SmallTrainingSet(result, advice);
        var earlyStopping = training?.EarlyStopping is not null || result.Training.StopReason == StopReason.EarlyStopped;
        Overfitting(result.Training.History, earlyStopping, advice);
        EarlyKeptEpoch(result.Training, advice);
        SelectionSplitVerdict(result, advice);
        return advice;
    }

    /// <summary>The line result.json and the report carry when the verdict rests on the split that also chose the epoch.</summary>
    public const string SelectionSplitAdvice =
        "The verdict uses the selection split: validation chose the kept epoch (early stopping, restore_best) and also judged the gates, fairness and the baseline, so its numbers lean optimistic; "
        + "hold out a test split (data.test: <file>, or data.split: { test: 0.2 }) to judge on rows no choice was made on.";

    private static void SelectionSplitVerdict(RunResult result, List<string> advice)
    {
        if (result.GatedOnSplit == MetricSplit.Validation.Key() && result.Metrics.ContainsKey(MetricSplit.Validation.Key()))
        {
            advice.Add(SelectionSplitAdvice);
        }
    }

    /// <summary>The run's own advice (from the pipeline) followed by what <see cref="Build"/> adds.</summary>
    /// <remarks>A result whose run already advised (it read the spec) is not second-guessed without the spec.</remarks>
    public static IReadOnlyList<string> Merge(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var computed = Build(result).Where(a => !result.Advice.Any(own => SameTopic(own, a)));
        return [.. result.Advice.Concat(computed).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Two advice lines about the same finding (their opening words up to the colon) count once.</summary>
    private static bool SameTopic(string a, string b)
    {
        var colon = a.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && b.StartsWith(a[..colon], StringComparison.Ordinal);
    }

    /// <summary>
    /// The weights kept are from an early epoch of many (the credit sample keeps epoch 1 of 6): the
    /// later epochs only made validation worse, so most of the training was spent for nothing.
    /// </summary>
    private static void EarlyKeptEpoch(TrainingSummary training, List<string> advice)
    {
        var kept = training.BestEpoch;
        var run = training.EpochsRun;
        if (kept <= 0 || run < TrendWindow || kept >= run || kept > run / TrendWindow)
        {
            return;
        }
        advice.Add(string.Create(CultureInfo.InvariantCulture, $"The kept weights are from epoch {kept} of {run}")
            + ": validation got no better after it, so the later epochs were spent for nothing and the model may be learning the training rows instead of the task; "
            + "lower the learning rate, train fewer epochs, or freeze more layers.");
    }

    private static void NotBetterThanBaseline(RunResult result, List<string> advice)
    {
        if (!result.Metrics.TryGetValue(result.GatedOnSplit, out var tuned) || !result.Baseline.TryGetValue(result.GatedOnSplit, out var baseline))
        {
            return;
        }
        var notBetter = tuned
            .Where(kv => baseline.TryGetValue(kv.Key, out var b) && double.IsFinite(kv.Value) && double.IsFinite(b)
                && (MetricNames.GreaterIsBetter(kv.Key) ? kv.Value <= b : kv.Value >= b))
            .Select(kv => $"{kv.Key} {GateText.Number(kv.Value)} vs base {GateText.Number(baseline[kv.Key])}")
            .ToList();
        if (notBetter.Count > 0)
        {
            advice.Add($"The fine-tuned model is not better than the base model on {string.Join(", ", notBetter)}: "
                + "fine-tuning may not be worth it here; check the learning rate, add task data, or keep the base model.");
        }
    }

    private static void SmallTrainingSet(RunResult result, List<string> advice)
    {
        // An IDX data set is two files (images, labels) of the same rows: count rows, not files.
        var rows = result.Training.TrainRows > 0 ? result.Training.TrainRows : result.Datasets.Where(d => d.Context == "training").Max(d => (int?)d.Rows) ?? 0;
        var trainable = result.Model.TrainableParameters;
        // Masked-LM pretraining (no classes) learns from every token of a row, not one label per row.
        if (rows > 0 && rows < trainable / ParametersPerRow && result.Classes.Count > 0)
        {
            var counts = string.Create(CultureInfo.InvariantCulture, $"Only {rows} training rows for {trainable:N0} trainable parameters (fewer than 1 row per {ParametersPerRow} parameters)");
            advice.Add(counts + ": the model can memorise the data; freeze more layers (training.freeze), train only the head, or add data.");
        }
    }

    /// <summary>Validation loss rising over the last epochs while training loss falls: the classic overfitting sign.</summary>
    private static void Overfitting(IReadOnlyList<EpochRecord> history, bool earlyStopping, List<string> advice)
    {
        if (history.Count < TrendWindow)
        {
            return;
        }
        var window = history.Skip(history.Count - TrendWindow).ToList();
        var valRose = window.Zip(window.Skip(1), (a, b) => b.ValLoss > a.ValLoss).All(rose => rose);
        var trainFell = window[^1].TrainLoss < window[0].TrainLoss;
        if (valRose && trainFell)
        {
            var epochs = string.Create(CultureInfo.InvariantCulture, $"{window[0].Epoch}–{window[^1].Epoch}");
            advice.Add($"Validation loss rose from {GateText.Number(window[0].ValLoss)} to {GateText.Number(window[^1].ValLoss)} over epochs {epochs} "
                + $"while training loss fell from {GateText.Number(window[0].TrainLoss)} to {GateText.Number(window[^1].TrainLoss)}: the model is overfitting; "
                + (earlyStopping
                    ? "early stopping keeps the best epoch's weights; train fewer epochs, add weight decay, or freeze more layers."
                    : "use early_stopping on val_loss, fewer epochs, more weight decay, or freeze more layers."));
        }
    }
}
