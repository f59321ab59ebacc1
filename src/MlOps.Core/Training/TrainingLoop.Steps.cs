using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Checkpoints;
using static TorchSharp.torch;

namespace MlOps.Core.Training;

/// <summary>The loop's single steps: one batch's loss, one optimiser step, checkpoints and best-weight snapshots.</summary>
internal sealed partial class TrainingLoop
{
    /// <summary>Forward and backward for one batch (in a dispose scope); returns its loss.</summary>
    private double Step(IBatchReader reader, Objectives.BatchKey batch)
    {
        using var scope = NewDisposeScope();
        var model = inputs.Model;
        var (features, labels) = reader.Next();
        // The objectives compute the loss from fp32 logits.
        var loss = inputs.Objective.Loss(model, precision is not null ? MixedPrecision.Input(model, features) : features, labels, batch);
        var value = loss.item<float>();
        if (!float.IsFinite(value))
        {
            throw new MlOpsException(Diagnostic.Error(TrainingErrorCodes.NonFiniteLoss,
                $"the training loss became {value} in epoch {batch.Epoch}: lower training.optimizer.lr, set training.grad_clip, or check the data for extreme values",
                inputs.Location));
        }
        (accumulation == 1 ? loss : loss / accumulation).backward();
        return value;
    }

    /// <summary>
    /// In its own dispose scope: reading each parameter's .grad (clipping, the optimizer's step and
    /// zero_grad) makes a tensor handle per parameter, which outside a scope lived until the GC ran.
    /// </summary>
    private void OptimizerStep(double factor)
    {
        using var scope = NewDisposeScope();
        precision?.GradientsToMasters();
        OptimizerFactory.SetRates(optimizer, optimizerPlan, factor);
        if (spec.GradClip is { } clip)
        {
            nn.utils.clip_grad_norm_(optimizerPlan.Groups.SelectMany(g => g.Parameters).Select(p => p.Parameter), clip);
        }
        optimizer.step();
        optimizer.zero_grad();
        precision?.MastersToModel();
    }

    /// <summary>In a dispose scope: writing the state dicts makes handles that would otherwise wait for the GC.</summary>
    private void SaveCheckpoint()
    {
        using var scope = NewDisposeScope();
        inputs.Checkpoint.Save(inputs.Model, best, optimizer, state, precision?.MasterState());
    }

    private (TrainingState, Dictionary<string, Tensor>?) Restore()
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

    private Dictionary<string, Tensor> Snapshot()
    {
        StateDict.Dispose(best);
        return precision?.MasterState() ?? inputs.Model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
    }
}
