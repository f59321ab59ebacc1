using MlOps.Core.Training;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Training;

public sealed class LearningRateScheduleTests
{
    [Theory]
    [InlineData(0, 0.1)]     // warmup: (0+1)/10
    [InlineData(9, 1.0)]     // end of warmup
    [InlineData(10, 1.0)]    // cosine starts at 1
    [InlineData(55, 0.5)]    // halfway through the 90 decay steps: (1+cos(π/2))/2
    [InlineData(100, 0.0)]   // the end
    public void Cosine_with_warmup_follows_the_formula(long step, double expected)
    {
        var schedule = new LearningRateSchedule(new ScheduleSpec { Type = ScheduleType.Cosine, WarmupRatio = 0.1 }, 100);
        Assert.Equal(expected, schedule.Factor(step), 12);
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(25, 0.75)]
    [InlineData(50, 0.5)]
    public void Linear_decays_to_zero(long step, double expected)
    {
        var schedule = new LearningRateSchedule(new ScheduleSpec { Type = ScheduleType.Linear }, 100);
        Assert.Equal(expected, schedule.Factor(step), 12);
    }

    [Fact]
    public void Constant_stays_at_one_after_warmup()
    {
        var schedule = new LearningRateSchedule(new ScheduleSpec { Type = ScheduleType.Constant, WarmupRatio = 0.5 }, 10);
        Assert.Equal([0.2, 0.4, 0.6, 0.8, 1.0, 1.0, 1.0], Enumerable.Range(0, 7).Select(s => Math.Round(schedule.Factor(s), 12)));
    }
}
