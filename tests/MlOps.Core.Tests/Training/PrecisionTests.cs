using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Models.Adapters;
using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Torch;
using MlOps.Core.Training;
using MlOps.Specs.Model;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Training;

/// <summary>training.precision: bf16 on the CPU (slow but correct), against fp32 on the same task.</summary>
[Collection(TorchCollection.Name)]
public sealed class PrecisionTests
{
    private static readonly TrainingSpec Spec = new()
    {
        Epochs = 6,
        BatchSize = 16,
        Optimizer = new OptimizerSpec { Lr = 0.01 },
        Schedule = new ScheduleSpec { Type = ScheduleType.Cosine, WarmupRatio = 0.1 },
    };

    private static (double Accuracy, double Loss) Train(TrainingFixture fixture, TrainingSpec spec, out Dictionary<string, float[]> weights, out ScalarType dtype)
    {
        using var model = TrainingFixture.NewModel();
        var outcome = Trainer.Run(fixture.Inputs(model, spec), CancellationToken.None);
        weights = TrainingFixture.Weights(model);
        dtype = model.parameters().First().dtype;
        return (outcome.History[^1].Metrics["val_accuracy"], outcome.History[^1].TrainLoss);
    }

    [Fact]
    public void Bf16_training_converges_close_to_fp32_and_leaves_an_fp32_model()
    {
        using var fixture = new TrainingFixture();

        var fp32 = Train(fixture, Spec, out _, out _);
        var bf16 = Train(fixture, Spec with { Precision = Precision.Bf16 }, out var weights, out var dtype);

        Assert.True(bf16.Accuracy > 0.8, $"bf16 accuracy {bf16.Accuracy}");
        Assert.True(Math.Abs(bf16.Accuracy - fp32.Accuracy) <= 0.05, $"bf16 {bf16.Accuracy} vs fp32 {fp32.Accuracy}");
        Assert.NotEqual(fp32.Loss, bf16.Loss); // it really computed in bfloat16
        Assert.Equal(ScalarType.Float32, dtype);
        // fp32 masters: the trained weights carry more precision than bfloat16 can hold (its low 16 bits are not all zero).
        Assert.Contains(weights["backbone.fc1.weight"], w => (BitConverter.SingleToInt32Bits(w) & 0xFFFF) != 0);
    }

    [Fact]
    public void Bf16_keeps_frozen_weights_bit_identical()
    {
        using var fixture = new TrainingFixture();
        using var model = TrainingFixture.NewModel();
        var before = TrainingFixture.Weights(model);

        Trainer.Run(fixture.Inputs(model, Spec with { Epochs = 2, Precision = Precision.Bf16, Freeze = ["backbone.fc1.*"] }), CancellationToken.None);

        var after = TrainingFixture.Weights(model);
        Assert.Equal(before["backbone.fc1.weight"], after["backbone.fc1.weight"]);
        Assert.NotEqual(before["backbone.fc2.weight"], after["backbone.fc2.weight"]);
    }

    [Fact]
    public void Bf16_with_a_lora_adapter_trains_the_adapter_and_leaves_base_weights_bit_identical()
    {
        using var fixture = new TrainingFixture();
        using var model = TrainingFixture.NewModel();
        var adapters = LoraInjector.Apply(model, new AdapterSpec { R = 4, Alpha = 8, Targets = ["backbone.*"] }, new SourceLocation("spec.yaml", 1, 1));
        var before = TrainingFixture.Weights(model);

        Trainer.Run(fixture.Inputs(model, Spec with { Epochs = 2, Precision = Precision.Bf16 }) with { Trainable = adapters.IsTrainable }, CancellationToken.None);

        var after = TrainingFixture.Weights(model);
        Assert.Equal(before["backbone.fc2.weight"], after["backbone.fc2.weight"]);
        Assert.NotEqual(before["backbone.fc2.lora_B.weight"], after["backbone.fc2.lora_B.weight"]);
    }

    [Fact]
    public void A_model_that_takes_ids_as_floats_gets_its_inputs_uncast_under_bf16()
    {
        using var fixture = new TrainingFixture();
        TorchSetup.Configure(1, 1);
        using var model = new IdsModel();

        Trainer.Run(fixture.Inputs(model, Spec with { Epochs = 1, Precision = Precision.Bf16 }), CancellationToken.None);

        Assert.Equal([ScalarType.Float32], model.InputTypes.Distinct());
        Assert.Contains(ScalarType.BFloat16, model.WeightTypes);
    }

    /// <summary>Stands in for a text model: its float input holds ids that bf16 would round.</summary>
    private sealed class IdsModel : MlOps.Core.Models.FineTuneModule
    {
        private readonly TorchSharp.Modules.Linear backbone = nn.Linear(6, 8);

        public IdsModel()
            : base("ids", 8, 3) => RegisterComponents();

        public List<ScalarType> InputTypes { get; } = [];

        public List<ScalarType> WeightTypes { get; } = [];

        public override bool CastInputsToComputeType => false;

        public override Tensor Features(Tensor input)
        {
            InputTypes.Add(input.dtype);
            WeightTypes.Add(backbone.weight!.dtype);
            using var cast = input.to(backbone.weight!.dtype);
            return backbone.forward(cast);
        }
    }

    [Fact]
    public void An_interrupted_bf16_run_resumes_to_the_same_weights_as_an_uninterrupted_one()
    {
        var spec = Spec with { Epochs = 3, Precision = Precision.Bf16 };
        using var straight = new TrainingFixture();
        using var model = TrainingFixture.NewModel();
        Trainer.Run(straight.Inputs(model, spec), CancellationToken.None);
        var expected = TrainingFixture.Weights(model);

        using var fixture = new TrainingFixture();
        using var cancel = new CancellationTokenSource();
        using (var first = TrainingFixture.NewModel())
        {
            var outcome = Trainer.Run(fixture.Inputs(first, spec, observer: new CancellingObserver(cancel, epoch: 2, batch: 4)), cancel.Token);
            Assert.Equal(StopReason.Interrupted, outcome.StopReason);
        }
        using var resumed = TrainingFixture.NewModel(seed: 5);
        Trainer.Run(fixture.Inputs(resumed, spec, resume: true), CancellationToken.None);

        Assert.Equal(expected["backbone.fc1.weight"], TrainingFixture.Weights(resumed)["backbone.fc1.weight"]);
        Assert.Equal(expected["head.weight"], TrainingFixture.Weights(resumed)["head.weight"]);
    }
}
