using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Torch;
using MlOps.Core.Training;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class TrainerTests
{
    private static readonly TrainingSpec Spec = new()
    {
        Epochs = 6,
        BatchSize = 16,
        Optimizer = new OptimizerSpec { Lr = 0.01 },
        Schedule = new ScheduleSpec { Type = ScheduleType.Cosine, WarmupRatio = 0.1 },
    };

    [Fact]
    public void Training_learns_the_task()
    {
        using var fixture = new TrainingFixture();
        using var model = TrainingFixture.NewModel();

        var outcome = Trainer.Run(fixture.Inputs(model, Spec), CancellationToken.None);

        Assert.Equal(6, outcome.History.Count);
        Assert.Equal(StopReason.Completed, outcome.StopReason);
        Assert.True(outcome.History[^1].Metrics["val_accuracy"] > 0.8, $"accuracy {outcome.History[^1].Metrics["val_accuracy"]}");
        Assert.True(outcome.History[^1].TrainLoss < outcome.History[0].TrainLoss);
    }

    [Fact]
    public void Frozen_parameters_stay_bit_identical_and_the_rest_move()
    {
        using var fixture = new TrainingFixture();
        using var model = TrainingFixture.NewModel();
        var before = TrainingFixture.Weights(model);

        var outcome = Trainer.Run(fixture.Inputs(model, Spec with { Freeze = ["backbone.fc1.*"] }), CancellationToken.None);

        var after = TrainingFixture.Weights(model);
        Assert.Equal(["backbone.fc1.weight", "backbone.fc1.bias"], outcome.Plan.Frozen);
        Assert.Equal(before["backbone.fc1.weight"], after["backbone.fc1.weight"]);
        Assert.Equal(before["backbone.fc1.bias"], after["backbone.fc1.bias"]);
        Assert.NotEqual(before["backbone.fc2.weight"], after["backbone.fc2.weight"]);
        Assert.NotEqual(before["head.weight"], after["head.weight"]);
    }

    [Fact]
    public void Layer_learning_rates_form_groups_with_their_own_rates()
    {
        using var fixture = new TrainingFixture();
        using var model = TrainingFixture.NewModel();
        var rates = new List<double>();
        var spec = Spec with
        {
            Epochs = 1,
            Schedule = new ScheduleSpec(),
            LayerLr = [new("head.*", 0.05), new("backbone.fc1.*", 0.0)],
        };

        var outcome = Trainer.Run(fixture.Inputs(model, spec), CancellationToken.None);

        var groups = outcome.Plan.Groups.ToDictionary(g => g.Glob, g => (g.LearningRate, Names: g.Parameters.Select(p => p.Name).ToArray()));
        Assert.Equal(0.05, groups["head.*"].LearningRate);
        Assert.Equal(["head.weight", "head.bias"], groups["head.*"].Names);
        Assert.Equal(0.0, groups["backbone.fc1.*"].LearningRate);
        Assert.Equal(0.01, groups["*"].LearningRate);
        Assert.Equal(["backbone.fc2.weight", "backbone.fc2.bias"], groups["*"].Names);
    }

    [Fact]
    public void A_zero_learning_rate_group_does_not_move_while_others_do()
    {
        using var fixture = new TrainingFixture();
        using var model = TrainingFixture.NewModel();
        var before = TrainingFixture.Weights(model);
        var spec = Spec with { Epochs = 2, Optimizer = new OptimizerSpec { Lr = 0.01, WeightDecay = 0 }, LayerLr = [new("backbone.fc1.*", 0.0)] };

        Trainer.Run(fixture.Inputs(model, spec), CancellationToken.None);

        var after = TrainingFixture.Weights(model);
        Assert.Equal(before["backbone.fc1.weight"], after["backbone.fc1.weight"]);
        Assert.NotEqual(before["backbone.fc2.weight"], after["backbone.fc2.weight"]);
    }

    [Fact]
    public void The_same_seed_gives_bit_identical_results()
    {
        double[] Run()
        {
            using var fixture = new TrainingFixture();
            using var model = TrainingFixture.NewModel(seed: 3);
            var outcome = Trainer.Run(fixture.Inputs(model, Spec with { Epochs = 3 }), CancellationToken.None);
            return [.. outcome.History.SelectMany(h => new[] { h.TrainLoss, h.ValLoss })];
        }

        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void Resume_after_a_crash_gives_the_same_final_metrics_as_an_uninterrupted_run()
    {
        // Uninterrupted.
        using var straight = new TrainingFixture();
        using var straightModel = TrainingFixture.NewModel();
        var expected = Trainer.Run(straight.Inputs(straightModel, Spec), CancellationToken.None);

        // Crash (an exception, like kill -9, so nothing is saved beyond the per-epoch checkpoints) in epoch 4.
        using var crashed = new TrainingFixture();
        using (var model = TrainingFixture.NewModel())
        {
            var observer = new CrashingObserver(epoch: 4, batch: 5);
            Assert.Throws<InvalidOperationException>(() => Trainer.Run(crashed.Inputs(model, Spec, observer: observer), CancellationToken.None));
        }
        using var resumedModel = TrainingFixture.NewModel(seed: 99); // different init: everything must come from the checkpoint
        var resumed = Trainer.Run(crashed.Inputs(resumedModel, Spec, resume: true), CancellationToken.None);

        Assert.Equal(expected.History.Select(h => (h.TrainLoss, h.ValLoss)), resumed.History.Select(h => (h.TrainLoss, h.ValLoss)));
        Assert.Equal(TrainingFixture.Weights(straightModel)["head.weight"], TrainingFixture.Weights(resumedModel)["head.weight"]);
    }

    [Fact]
    public void Cancelling_mid_epoch_saves_a_checkpoint_that_resumes_to_the_same_result()
    {
        using var straight = new TrainingFixture();
        using var straightModel = TrainingFixture.NewModel();
        var expected = Trainer.Run(straight.Inputs(straightModel, Spec), CancellationToken.None);

        using var interrupted = new TrainingFixture();
        using var cancel = new CancellationTokenSource();
        using (var model = TrainingFixture.NewModel())
        {
            var stopped = Trainer.Run(interrupted.Inputs(model, Spec, observer: new CancellingObserver(cancel, epoch: 2, batch: 4)), cancel.Token);
            Assert.Equal(StopReason.Interrupted, stopped.StopReason);
        }
        using var resumedModel = TrainingFixture.NewModel(seed: 5);
        var resumed = Trainer.Run(interrupted.Inputs(resumedModel, Spec, resume: true), CancellationToken.None);

        Assert.Equal(expected.History.Select(h => h.ValLoss), resumed.History.Select(h => h.ValLoss));
    }

    [Fact]
    public void A_nan_loss_stops_the_run_at_once_with_a_clear_error()
    {
        using var fixture = new TrainingFixture();
        using var model = TrainingFixture.NewModel();
        var observer = new CountingObserver();

        var error = Assert.Throws<MlOpsException>(() => Trainer.Run(fixture.Inputs(model, Spec with { Optimizer = new OptimizerSpec { Lr = 1e30 } }, observer: observer), CancellationToken.None));

        Assert.Equal(TrainingErrorCodes.NonFiniteLoss, error.Diagnostics[0].Code);
        Assert.Contains("lower training.optimizer.lr", error.Message, StringComparison.Ordinal);
        Assert.True(observer.Batches < 12 * 6, "the run stopped early");
    }

    [Fact]
    public void Early_stopping_stops_and_restores_the_best_epoch()
    {
        using var fixture = new TrainingFixture();
        using var model = TrainingFixture.NewModel();
        var spec = Spec with { Epochs = 40, Optimizer = new OptimizerSpec { Lr = 0.05 }, EarlyStopping = new EarlyStoppingSpec { Metric = "val_loss", Patience = 2, MinDelta = 0.5, RestoreBest = true } };

        var outcome = Trainer.Run(fixture.Inputs(model, spec), CancellationToken.None);

        Assert.Equal(StopReason.EarlyStopped, outcome.StopReason);
        Assert.True(outcome.History.Count < 40);
        var (probabilities, loss) = MlOps.Core.Evaluation.Predictor.Predict(model, fixture.Validation);
        Assert.Equal(outcome.History.Single(h => h.Epoch == outcome.BestEpoch).ValLoss, loss, 6);
    }

    [Fact]
    public void The_time_budget_ends_training_gracefully_and_says_so()
    {
        using var fixture = new TrainingFixture();
        using var model = TrainingFixture.NewModel();
        var observer = new MessageObserver();

        var outcome = Trainer.Run(fixture.Inputs(model, Spec with { Epochs = 50, MaxMinutes = 1e-6 }, observer: observer), CancellationToken.None);

        Assert.Equal(StopReason.BudgetExhausted, outcome.StopReason);
        Assert.Single(outcome.History);
        Assert.Contains(observer.Messages, m => m.Contains("max_minutes", StringComparison.Ordinal));
    }

    [Fact]
    public void Freezing_everything_is_an_error()
    {
        using var fixture = new TrainingFixture();
        using var model = TrainingFixture.NewModel();

        var error = Assert.Throws<MlOpsException>(() => Trainer.Run(fixture.Inputs(model, Spec with { Freeze = ["*"] }), CancellationToken.None));

        Assert.Equal(TrainingErrorCodes.NothingToTrain, error.Diagnostics[0].Code);
    }
}
