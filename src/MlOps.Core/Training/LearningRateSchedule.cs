using MlOps.Specs.Model;

namespace MlOps.Core.Training;

/// <summary>
/// The multiplier applied to every group's base rate at an optimiser step: linear warmup from 0
/// over <c>warmup_ratio</c> of the steps, then constant, linear decay to 0, or half-cosine to 0.
/// Computed here rather than with TorchSharp's schedulers, whose OneCycleLR is wrong with several groups.
/// </summary>
public sealed class LearningRateSchedule(ScheduleSpec spec, long totalSteps)
{
    public long TotalSteps { get; } = Math.Max(1, totalSteps);

    public long WarmupSteps { get; } = (long)Math.Round(spec.WarmupRatio * Math.Max(1, totalSteps));

    /// <summary>Factor for 0-based optimiser step <paramref name="step"/>.</summary>
    public double Factor(long step)
    {
        if (step < WarmupSteps)
        {
            return (step + 1) / (double)WarmupSteps;
        }
        var decaySteps = Math.Max(1, TotalSteps - WarmupSteps);
        var progress = Math.Clamp((step - WarmupSteps) / (double)decaySteps, 0, 1);
        return spec.Type switch
        {
            ScheduleType.Linear => 1 - progress,
            ScheduleType.Cosine => 0.5 * (1 + Math.Cos(Math.PI * progress)),
            _ => 1,
        };
    }
}
