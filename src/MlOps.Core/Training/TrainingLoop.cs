using System.Diagnostics;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Pipeline;
using MlOps.Specs.Model;
using static TorchSharp.torch;

namespace MlOps.Core.Training;

/// <summary>
/// One training run, epoch by epoch: resume, train the batches, validate and checkpoint, then stop
/// (completed, early, on budget, or interrupted with a checkpoint) and restore the best weights.
/// The per-batch and per-step work is in TrainingLoop.Steps.cs.
/// </summary>
internal sealed partial class TrainingLoop
{
    private readonly TrainerInputs inputs;
    private readonly TrainingSpec spec;
    private readonly ParameterPlan plan;
    private readonly ParameterPlan optimizerPlan;
    private readonly optim.Optimizer optimizer;
    private readonly MixedPrecision? precision;
    private readonly CancellationToken cancel;
    private readonly int rows;
    private readonly int batchSize;
    private readonly int batches;
    private readonly int accumulation;
    private readonly LearningRateSchedule schedule;
    private readonly EarlyStopping stopping;
    private readonly Stopwatch clock = new();
    private TrainingState state;
    private List<EpochRecord> history = [];
    private Dictionary<string, Tensor>? best;
    /// <summary>Training time before this process: from the checkpoint when resuming.</summary>
    private double secondsBefore;

    public TrainingLoop(TrainerInputs inputs, ParameterPlan plan, optim.Optimizer optimizer, MixedPrecision? precision, CancellationToken cancel)
    {
        this.inputs = inputs;
        spec = inputs.Spec;
        this.plan = plan;
        optimizerPlan = precision?.MasterPlan ?? plan;
        this.optimizer = optimizer;
        this.precision = precision;
        this.cancel = cancel;
        rows = inputs.Train.Rows;
        batchSize = Math.Min(spec.BatchSize, rows);
        batches = (rows + batchSize - 1) / batchSize;
        accumulation = Math.Max(1, spec.GradientAccumulation);
        var stepsPerEpoch = (batches + accumulation - 1) / accumulation;
        schedule = new LearningRateSchedule(spec.Schedule, (long)stepsPerEpoch * spec.Epochs);
        stopping = new EarlyStopping(spec.EarlyStopping);
        state = new TrainingState { Fingerprint = inputs.Fingerprint };
    }

    private double Elapsed => secondsBefore + clock.Elapsed.TotalSeconds;

    public TrainingOutcome Run()
    {
        ResumeIfAsked();
        clock.Start();
        inputs.Model.train();
        inputs.Observer.OnStart(state.Epoch, spec.Epochs, batches);
        var stopReason = StopReason.Completed;
        for (var epoch = state.Epoch; epoch <= spec.Epochs && stopReason == StopReason.Completed; epoch++)
        {
            var progress = TrainBatches(epoch);
            if (progress.Interrupted)
            {
                return Outcome(StopReason.Interrupted, state.BestEpoch);
            }
            if (progress.BudgetExhausted)
            {
                stopReason = StopReason.BudgetExhausted;
            }
            EndEpoch(epoch, progress);
            if (stopping.ShouldStop(state.EpochsWithoutImprovement))
            {
                stopReason = StopReason.EarlyStopped;
                inputs.Observer.OnMessage($"early stopping: {stopping.Metric} did not improve for {state.EpochsWithoutImprovement} epochs (best {state.BestValue:G4} at epoch {state.BestEpoch})");
            }
            else if (cancel.IsCancellationRequested && epoch < spec.Epochs)
            {
                inputs.Observer.OnMessage($"interrupted after epoch {epoch}: checkpoint saved, continue with --resume");
                return Outcome(StopReason.Interrupted, state.BestEpoch);
            }
        }
        return Finish(stopReason);
    }

    private void ResumeIfAsked()
    {
        if (inputs.Resume)
        {
            (state, best) = Restore();
            inputs.Observer.OnMessage($"resuming at epoch {state.Epoch}, batch {state.NextBatch} (step {state.Step})");
        }
        history = [.. state.History];
        secondsBefore = state.TrainingSeconds;
    }

    /// <summary>Where an epoch's batches left it: running sums, steps, and whether it must stop.</summary>
    private sealed record EpochProgress(Stopwatch Clock, double LossSum, long Seen, long Step, bool Interrupted, bool BudgetExhausted);

    private EpochProgress TrainBatches(int epoch)
    {
        var epochClock = Stopwatch.StartNew();
        var resumedHere = epoch == state.Epoch;
        var lossSum = resumedHere ? state.EpochLossSum : 0;
        var seen = resumedHere ? state.EpochRows : 0;
        var step = state.Step;
        var first = resumedHere ? (int)state.NextBatch : 0;
        using var reader = inputs.Train.Read(EpochOrder.For(inputs.Seed, epoch, rows, batchSize, inputs.Lengths), batchSize, first, BatchPass.Training(inputs.Seed, epoch));
        for (var b = first; b < batches; b++)
        {
            var length = (int)Math.Min(batchSize, rows - (b * batchSize));
            var loss = Step(reader, new Objectives.BatchKey(inputs.Seed, epoch, (int)b));
            lossSum += loss * length;
            seen += length;
            var boundary = (b + 1) % accumulation == 0 || b == batches - 1;
            if (boundary)
            {
                OptimizerStep(schedule.Factor(step));
                step++;
            }
            inputs.Observer.OnBatch(epoch, b + 1, batches, loss, optimizer.ParamGroups.First().LearningRate);
            if (boundary && cancel.IsCancellationRequested && b < batches - 1)
            {
                state = state with { Epoch = epoch, NextBatch = b + 1, Step = step, EpochLossSum = lossSum, EpochRows = seen, TrainingSeconds = Elapsed, History = history };
                SaveCheckpoint();
                inputs.Observer.OnMessage($"interrupted at epoch {epoch}, batch {b + 1}: checkpoint saved, continue with --resume");
                return new EpochProgress(epochClock, lossSum, seen, step, Interrupted: true, BudgetExhausted: false);
            }
            if (boundary && spec.MaxMinutes * 60 is { } limit && Elapsed > limit)
            {
                inputs.Observer.OnMessage($"training.budget.max_minutes ({spec.MaxMinutes}) reached in epoch {epoch}: stopping and evaluating what was trained");
                return new EpochProgress(epochClock, lossSum, seen, step, Interrupted: false, BudgetExhausted: true);
            }
        }
        return new EpochProgress(epochClock, lossSum, seen, step, Interrupted: false, BudgetExhausted: false);
    }

    /// <summary>Validation, the epoch's record, the best weights so far, and a checkpoint to resume from.</summary>
    private void EndEpoch(int epoch, EpochProgress progress)
    {
        var metrics = inputs.EvaluateValidation(inputs.Model).ToDictionary();
        metrics["train_loss"] = progress.LossSum / Math.Max(1, progress.Seen);
        var record = new EpochRecord(epoch, progress.Step, metrics["train_loss"], metrics.GetValueOrDefault("val_loss", double.NaN),
            optimizer.ParamGroups.First().LearningRate, progress.Clock.Elapsed.TotalSeconds, metrics);
        history.Add(record);

        if (!metrics.TryGetValue(stopping.Metric, out var monitored))
        {
            throw new MlOpsException(Diagnostic.Error(TrainingErrorCodes.UnknownMonitor,
                $"early_stopping.metric '{stopping.Metric}' was not computed; available: {string.Join(", ", metrics.Keys.Order())}", inputs.Location));
        }
        var improved = stopping.Improves(monitored, state.BestValue);
        if (improved && stopping.RestoreBest)
        {
            best = Snapshot();
        }
        state = state with
        {
            Epoch = epoch + 1, NextBatch = 0, Step = progress.Step, EpochLossSum = 0, EpochRows = 0,
            BestValue = improved ? monitored : state.BestValue,
            BestEpoch = improved ? epoch : state.BestEpoch,
            EpochsWithoutImprovement = improved ? 0 : state.EpochsWithoutImprovement + 1,
            TrainingSeconds = Elapsed, History = history,
        };
        SaveCheckpoint();
        var meanEpoch = history.Average(h => h.Seconds);
        inputs.Observer.OnEpoch(record, spec.Epochs, TimeSpan.FromSeconds(meanEpoch * (spec.Epochs - epoch)));
    }

    /// <summary>fp32 again, then the best weights (restore_best) in place of the last.</summary>
    private TrainingOutcome Finish(StopReason stopReason)
    {
        precision?.End(); // with the master values, before any best weights go in
        if (best is not null && state.BestEpoch != history[^1].Epoch)
        {
            StateDict.CopyInto(inputs.Model, best);
            inputs.Observer.OnMessage($"restored the best weights, from epoch {state.BestEpoch}");
        }
        StateDict.Dispose(best);
        return Outcome(stopReason, state.BestEpoch == 0 ? history[^1].Epoch : state.BestEpoch);
    }

    private TrainingOutcome Outcome(StopReason stopReason, int bestEpoch) =>
        new(history, bestEpoch, stopReason, inputs.Resume, plan, Elapsed);
}
