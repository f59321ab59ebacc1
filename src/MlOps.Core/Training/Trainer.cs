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
/// dispose scope, so memory stays bounded by model and data. The loop itself is <see cref="TrainingLoop"/>.
/// </summary>
public static class Trainer
{
    public static TrainingOutcome Run(TrainerInputs inputs, CancellationToken cancel)
    {
        var spec = inputs.Spec;
        var plan = ParameterPlan.Apply(inputs.Model.named_parameters(), spec, inputs.Trainable);
        if (plan.TrainableParameters == 0)
        {
            throw new MlOpsException(Diagnostic.Error(TrainingErrorCodes.NothingToTrain,
                "every parameter is frozen, so nothing would train: narrow training.freeze", inputs.Location));
        }
        // bf16: the model computes in bfloat16, the optimiser steps fp32 masters (see MixedPrecision).
        using var precision = spec.Precision == Specs.Model.Precision.Bf16 ? MixedPrecision.Begin(inputs.Model, plan) : null;
        using var optimizer = OptimizerFactory.Create(spec.Optimizer, precision?.MasterPlan ?? plan);
        return new TrainingLoop(inputs, plan, optimizer, precision, cancel).Run();
    }
}
