using MlOps.Specs.Model;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Training;

/// <summary>Builds AdamW or SGD with one parameter group per learning-rate rule.</summary>
public static class OptimizerFactory
{
    public static optim.Optimizer Create(OptimizerSpec spec, ParameterPlan plan)
    {
        var groups = plan.Groups.Select(g => (g.LearningRate, Parameters: g.Parameters.Select(p => p.Parameter).ToList())).ToList();
        return spec.Type switch
        {
            OptimizerType.Sgd => optim.SGD(
                groups.Select(g => new SGD.ParamGroup(g.Parameters, lr: g.LearningRate, momentum: spec.Momentum, weight_decay: spec.WeightDecay)),
                spec.Lr, spec.Momentum, 0, spec.WeightDecay),
            _ => optim.AdamW(
                groups.Select(g => new AdamW.ParamGroup(g.Parameters, lr: g.LearningRate, weight_decay: spec.WeightDecay)),
                spec.Lr, weight_decay: spec.WeightDecay),
        };
    }

    /// <summary>Sets each group's rate to its base rate × the schedule factor.</summary>
    public static void SetRates(optim.Optimizer optimizer, ParameterPlan plan, double factor)
    {
        var index = 0;
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = plan.Groups[index++].LearningRate * factor;
        }
    }
}
