using System.Diagnostics;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Pipeline;
using MlOps.Specs.Model;
using static TorchSharp.torch;

namespace MlOps.Core.Training;

/// <summary>
/// The fine-tuning loop: seeded epoch order, parameter groups with scheduled rates, gradient
/// accumulation and clipping, early stopping with restore-best, a resumable checkpoint after every
/// epoch, NaN detection, a time budget and cooperative cancellation (Ctrl+C). Each step runs in a
/// dispose scope, so memory stays bounded by model and data.
/// </summary>
public static class Trainer
{
    public static TrainingOutcome Run(TrainerInputs inputs, CancellationToken cancel)
    {
        var spec = inputs.Spec;
        var model = inputs.Model;
        var plan = ParameterPlan.Apply(model.named_parameters(), spec, inputs.Trainable);
        if (plan.TrainableParameters == 0)
        {
            throw new MlOpsException(Diagnostic.Error(TrainingErrorCodes.NothingToTrain,
                "every parameter is frozen, so nothing would train: narrow training.freeze", inputs.Location));
        }
        // bf16: the model computes in bfloat16, the optimiser steps fp32 masters (see MixedPrecision).
        using var precision = spec.Precision == Specs.Model.Precision.Bf16 ? MixedPrecision.Begin(model, plan) : null;
        var optimizerPlan = precision?.MasterPlan ?? plan;
        using var optimizer = OptimizerFactory.Create(spec.Optimizer, optimizerPlan);
        var rows = inputs.Train.Rows;
        var batchSize = Math.Min(spec.BatchSize, rows);
        var batches = (rows + batchSize - 1) / batchSize;
        var accumulation = Math.Max(1, spec.GradientAccumulation);
        var stepsPerEpoch = (batches + accumulation - 1) / accumulation;
        var schedule = new LearningRateSchedule(spec.Schedule, (long)stepsPerEpoch * spec.Epochs);
        var stopping = new EarlyStopping(spec.EarlyStopping);

        var state = new TrainingState { Fingerprint = inputs.Fingerprint };
        Dictionary<string, Tensor>? best = null;
        if (inputs.Resume)
        {
            (state, best) = Restore(inputs, optimizer, precision);
            inputs.Observer.OnMessage($"resuming at epoch {state.Epoch}, batch {state.NextBatch} (step {state.Step})");
        }

        var history = state.History.ToList();
        var clock = Stopwatch.StartNew();
        var secondsBefore = state.TrainingSeconds; // from the checkpoint when resuming
        double Elapsed() => secondsBefore + clock.Elapsed.TotalSeconds;
        var budgetSeconds = spec.MaxMinutes * 60;
        var stopReason = "completed";
        model.train();
        inputs.Observer.OnStart(state.Epoch, spec.Epochs, batches);

        for (var epoch = state.Epoch; epoch <= spec.Epochs && stopReason == "completed"; epoch++)
        {
            var epochClock = Stopwatch.StartNew();
            var resumedHere = epoch == state.Epoch;
            var lossSum = resumedHere ? state.EpochLossSum : 0;
            var seen = resumedHere ? state.EpochRows : 0;
            var step = state.Step;
            using var order = tensor(EpochOrder.For(inputs.Seed, epoch, rows, batchSize, inputs.Lengths), device: inputs.Train.Features.device);
            for (var b = resumedHere ? state.NextBatch : 0; b < batches; b++)
            {
                var length = (int)Math.Min(batchSize, rows - (b * batchSize));
                var loss = Step(model, inputs.Train, order, b * batchSize, length, accumulation, inputs, new Objectives.BatchKey(inputs.Seed, epoch, (int)b), precision is not null);
                lossSum += loss * length;
                seen += length;
                var boundary = (b + 1) % accumulation == 0 || b == batches - 1;
                if (boundary)
                {
                    OptimizerStep(optimizer, optimizerPlan, precision, schedule.Factor(step), spec.GradClip);
                    step++;
                }
                inputs.Observer.OnBatch(epoch, b + 1, batches, loss, optimizer.ParamGroups.First().LearningRate);
                if (boundary && cancel.IsCancellationRequested && b < batches - 1)
                {
                    state = state with { Epoch = epoch, NextBatch = b + 1, Step = step, EpochLossSum = lossSum, EpochRows = seen, TrainingSeconds = Elapsed(), History = history };
                    SaveCheckpoint(inputs.Checkpoint, model, best, optimizer, state, precision);
                    inputs.Observer.OnMessage($"interrupted at epoch {epoch}, batch {b + 1}: checkpoint saved, continue with --resume");
                    return new TrainingOutcome(history, state.BestEpoch, "interrupted", inputs.Resume, plan, Elapsed());
                }
                if (boundary && budgetSeconds is { } limit && Elapsed() > limit)
                {
                    stopReason = "budget_exhausted";
                    inputs.Observer.OnMessage($"training.budget.max_minutes ({spec.MaxMinutes}) reached in epoch {epoch}: stopping and evaluating what was trained");
                    break;
                }
            }

            var metrics = inputs.EvaluateValidation(model).ToDictionary();
            metrics["train_loss"] = lossSum / Math.Max(1, seen);
            var record = new EpochRecord(epoch, step, metrics["train_loss"], metrics.GetValueOrDefault("val_loss", double.NaN),
                optimizer.ParamGroups.First().LearningRate, epochClock.Elapsed.TotalSeconds, metrics);
            history.Add(record);

            if (!metrics.TryGetValue(stopping.Metric, out var monitored))
            {
                throw new MlOpsException(Diagnostic.Error(TrainingErrorCodes.UnknownMonitor,
                    $"early_stopping.metric '{stopping.Metric}' was not computed; available: {string.Join(", ", metrics.Keys.Order())}", inputs.Location));
            }
            var improved = stopping.Improves(monitored, state.BestValue);
            if (improved && stopping.RestoreBest)
            {
                best = Snapshot(model, best, precision);
            }
            state = state with
            {
                Epoch = epoch + 1, NextBatch = 0, Step = step, EpochLossSum = 0, EpochRows = 0,
                BestValue = improved ? monitored : state.BestValue,
                BestEpoch = improved ? epoch : state.BestEpoch,
                EpochsWithoutImprovement = improved ? 0 : state.EpochsWithoutImprovement + 1,
                TrainingSeconds = Elapsed(), History = history,
            };
            SaveCheckpoint(inputs.Checkpoint, model, best, optimizer, state, precision);
            var meanEpoch = history.Average(h => h.Seconds);
            inputs.Observer.OnEpoch(record, spec.Epochs, TimeSpan.FromSeconds(meanEpoch * (spec.Epochs - epoch)));

            if (stopping.ShouldStop(state.EpochsWithoutImprovement))
            {
                stopReason = "early_stopped";
                inputs.Observer.OnMessage($"early stopping: {stopping.Metric} did not improve for {state.EpochsWithoutImprovement} epochs (best {state.BestValue:G4} at epoch {state.BestEpoch})");
            }
            else if (cancel.IsCancellationRequested && epoch < spec.Epochs)
            {
                inputs.Observer.OnMessage($"interrupted after epoch {epoch}: checkpoint saved, continue with --resume");
                return new TrainingOutcome(history, state.BestEpoch, "interrupted", inputs.Resume, plan, Elapsed());
            }
        }

        precision?.End(); // fp32 again, with the master values, before any best weights go in
        if (best is not null && state.BestEpoch != history[^1].Epoch)
        {
            StateDict.CopyInto(model, best);
            inputs.Observer.OnMessage($"restored the best weights, from epoch {state.BestEpoch}");
        }
        StateDict.Dispose(best);
        return new TrainingOutcome(history, state.BestEpoch == 0 ? history[^1].Epoch : state.BestEpoch, stopReason, inputs.Resume, plan, Elapsed());
    }

    private static double Step(nn.Module<Tensor, Tensor> model, TensorSplit train, Tensor order, long start, int length, int accumulation, TrainerInputs inputs, Objectives.BatchKey batch, bool bf16)
    {
        using var scope = NewDisposeScope();
        var rows = order.narrow(0, start, length);
        var features = train.Features.index_select(0, rows);
        // The objectives compute the loss from fp32 logits.
        var loss = inputs.Objective.Loss(model, bf16 ? MixedPrecision.Input(model, features) : features, train.Labels.index_select(0, rows), batch);
        var epoch = batch.Epoch;
        var value = loss.item<float>();
        if (!float.IsFinite(value))
        {
            throw new MlOpsException(Diagnostic.Error(TrainingErrorCodes.NonFiniteLoss,
                $"the training loss became {value} in epoch {epoch}: lower training.optimizer.lr, set training.grad_clip, or check the data for extreme values",
                inputs.Location));
        }
        (accumulation == 1 ? loss : loss / accumulation).backward();
        return value;
    }

    /// <summary>
    /// In its own dispose scope: reading each parameter's .grad (clipping, the optimizer's step and
    /// zero_grad) makes a tensor handle per parameter, which outside a scope lived until the GC ran.
    /// </summary>
    private static void OptimizerStep(optim.Optimizer optimizer, ParameterPlan plan, MixedPrecision? precision, double factor, double? gradClip)
    {
        using var scope = NewDisposeScope();
        precision?.GradientsToMasters();
        OptimizerFactory.SetRates(optimizer, plan, factor);
        if (gradClip is { } clip)
        {
            nn.utils.clip_grad_norm_(plan.Groups.SelectMany(g => g.Parameters).Select(p => p.Parameter), clip);
        }
        optimizer.step();
        optimizer.zero_grad();
        precision?.MastersToModel();
    }

    /// <summary>In a dispose scope: writing the state dicts makes handles that would otherwise wait for the GC.</summary>
    private static void SaveCheckpoint(TrainingCheckpoint checkpoint, nn.Module<Tensor, Tensor> model, Dictionary<string, Tensor>? best, optim.Optimizer optimizer, TrainingState state, MixedPrecision? precision)
    {
        using var scope = NewDisposeScope();
        checkpoint.Save(model, best, optimizer, state, precision?.MasterState());
    }

    private static (TrainingState, Dictionary<string, Tensor>?) Restore(TrainerInputs inputs, optim.Optimizer optimizer, MixedPrecision? precision)
    {
        if (!inputs.Checkpoint.Exists)
        {
            throw new MlOpsException(Diagnostic.Error(TrainingErrorCodes.ResumeImpossible,
                $"--resume found no checkpoint in '{inputs.Checkpoint.Folder}': run without --resume to start afresh", inputs.Location));
        }
        // Checked before any tensor is read: another spec's weights may not even fit this model.
        if (inputs.Checkpoint.ReadState().Fingerprint != inputs.Fingerprint)
        {
            throw new MlOpsException(Diagnostic.Error(TrainingErrorCodes.ResumeImpossible,
                "--resume found a checkpoint of a different spec, data or tool version: run without --resume to start afresh", inputs.Location));
        }
        return inputs.Checkpoint.Load(inputs.Model, optimizer, precision is null ? null : precision.LoadMasters);
    }

    private static Dictionary<string, Tensor> Snapshot(nn.Module<Tensor, Tensor> model, Dictionary<string, Tensor>? previous, MixedPrecision? precision)
    {
        StateDict.Dispose(previous);
        return precision?.MasterState() ?? model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
    }
}
