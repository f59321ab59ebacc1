using System.Text.Json.Nodes;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models;
using MlOps.Core.Models.Adapters;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Tests.Torch;
using MlOps.Core.Tests.Training;
using MlOps.Core.Training;
using MlOps.Specs.Model;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Models.Adapters;

[Collection(TorchCollection.Name)]
public sealed class LoraTests
{
    private static readonly TrainingSpec Spec = new() { Epochs = 3, BatchSize = 16, Optimizer = new OptimizerSpec { Lr = 0.01 } };

    private static AdapterSpec Adapter(params string[] targets) => new()
    {
        R = 4,
        Alpha = 8,
        Targets = targets,
        TargetLocations = [.. targets.Select((_, i) => new SourceLocation("spec.yaml", 20 + i, 7))],
    };

    private static float[] Outputs(nn.Module<Tensor, Tensor> model, Tensor input)
    {
        model.eval();
        using var _ = no_grad();
        using var output = model.forward(input);
        return output.data<float>().ToArray();
    }

    [Fact]
    public void Wrapping_keeps_names_and_outputs_and_adds_lora_tensors_with_peft_shapes()
    {
        using var model = TrainingFixture.NewModel();
        using var input = randn(5, 6);
        var before = Outputs(model, input);
        var namesBefore = model.state_dict().Keys.ToHashSet();

        var adapters = LoraInjector.Apply(model, Adapter("backbone.*"), new SourceLocation("spec.yaml", 1, 1));

        Assert.Equal(["backbone.fc1", "backbone.fc2"], adapters.Layers.Keys);
        Assert.Equal(before, Outputs(model, input)); // B = 0: the wrapped model computes the same function
        var state = model.state_dict();
        Assert.Superset(namesBefore, state.Keys.ToHashSet());
        Assert.Equal([4, 6], state["backbone.fc1.lora_A.weight"].shape);
        Assert.Equal([16, 4], state["backbone.fc1.lora_B.weight"].shape);
        Assert.Equal([8, 4], state["backbone.fc2.lora_B.weight"].shape);
        Assert.Equal(4, state.Keys.Count(k => k.Contains(".lora_", StringComparison.Ordinal)));
    }

    [Fact]
    public void Training_moves_only_adapters_and_head_and_base_weights_stay_bit_identical()
    {
        using var fixture = new TrainingFixture();
        using var model = TrainingFixture.NewModel();
        var adapters = LoraInjector.Apply(model, Adapter("backbone.fc1", "backbone.fc2"), new SourceLocation("spec.yaml", 1, 1));
        var before = TrainingFixture.Weights(model);

        var outcome = Trainer.Run(fixture.Inputs(model, Spec) with { Trainable = adapters.IsTrainable }, CancellationToken.None);

        var after = TrainingFixture.Weights(model);
        foreach (var name in before.Keys)
        {
            var adapterOrHead = name.Contains(".lora_", StringComparison.Ordinal) || name.StartsWith("head.", StringComparison.Ordinal);
            if (adapterOrHead)
            {
                Assert.NotEqual(before[name], after[name]);
            }
            else
            {
                Assert.Equal(before[name], after[name]);
            }
        }
        var trainable = 4 * 6 + 16 * 4 + 4 * 16 + 8 * 4 + (3 * 8) + 3;
        Assert.Equal(trainable, outcome.Plan.TrainableParameters);
        Assert.Equal((6 * 16) + 16 + (16 * 8) + 8 + trainable, outcome.Plan.TotalParameters);
        Assert.Empty(outcome.Plan.Frozen);
    }

    [Fact]
    public void Freeze_globs_still_apply_on_top_of_the_adapter()
    {
        using var fixture = new TrainingFixture();
        using var model = TrainingFixture.NewModel();
        var adapters = LoraInjector.Apply(model, Adapter("backbone.*"), new SourceLocation("spec.yaml", 1, 1));
        var before = TrainingFixture.Weights(model);

        var outcome = Trainer.Run(fixture.Inputs(model, Spec with { Freeze = ["backbone.fc1.*"] }) with { Trainable = adapters.IsTrainable }, CancellationToken.None);

        var after = TrainingFixture.Weights(model);
        Assert.Equal(before["backbone.fc1.lora_B.weight"], after["backbone.fc1.lora_B.weight"]);
        Assert.NotEqual(before["backbone.fc2.lora_B.weight"], after["backbone.fc2.lora_B.weight"]);
        Assert.Contains("backbone.fc1.lora_A.weight", outcome.Plan.Frozen);
    }

    [Fact]
    public void Merged_weights_load_into_the_plain_model_and_give_the_adapted_outputs()
    {
        using var fixture = new TrainingFixture();
        using var model = TrainingFixture.NewModel();
        var adapters = LoraInjector.Apply(model, Adapter("backbone.*"), new SourceLocation("spec.yaml", 1, 1));
        Trainer.Run(fixture.Inputs(model, Spec) with { Trainable = adapters.IsTrainable }, CancellationToken.None);
        using var input = randn(7, 6);
        var adapted = Outputs(model, input);

        var merged = LoraMerge.MergedState(model);
        using var plain = TrainingFixture.NewModel(seed: 99);
        Assert.Equal(plain.state_dict().Keys.Order(), merged.Keys.Order());
        CheckpointLoader.Apply(plain, merged, replaceHead: false, "merged", new SourceLocation("spec.yaml", 1, 1));
        StateDict.Dispose(merged);

        var fromMerged = Outputs(plain, input);
        Assert.Equal(adapted.Length, fromMerged.Length);
        for (var i = 0; i < adapted.Length; i++)
        {
            Assert.True(Math.Abs(adapted[i] - fromMerged[i]) < 1e-5, $"output {i}: adapter {adapted[i]}, merged {fromMerged[i]}");
        }
        Assert.NotEqual(Outputs(TrainingFixture.NewModel(), input), adapted); // the adapter did change the function
    }

    [Fact]
    public void A_target_that_matches_no_linear_layer_is_an_error_at_its_line_listing_the_layers()
    {
        using var model = TrainingFixture.NewModel();

        var error = Assert.Throws<MlOpsException>(() => LoraInjector.Apply(model, Adapter("backbone.fc1", "*.query"), new SourceLocation("spec.yaml", 1, 1)));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(AdapterErrorCodes.TargetMatchesNothing, diagnostic.Code);
        Assert.Equal(21, diagnostic.Location.Line);
        Assert.Equal(7, diagnostic.Location.Column);
        Assert.Contains("'*.query'", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("backbone.fc1, backbone.fc2", diagnostic.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("head", diagnostic.Message.Split("layers outside the head")[1], StringComparison.Ordinal);
    }

    [Fact]
    public void The_head_is_never_wrapped_even_by_a_catch_all_glob()
    {
        using var model = TrainingFixture.NewModel();

        var adapters = LoraInjector.Apply(model, Adapter("*"), new SourceLocation("spec.yaml", 1, 1));

        Assert.DoesNotContain("head", adapters.Layers.Keys);
        Assert.IsType<TorchSharp.Modules.Linear>(model.head);
    }

    [Fact]
    public void Cnn_small_takes_an_adapter_on_its_fully_connected_layer()
    {
        TorchSetup.Configure(1, 1);
        using var model = new SmallCnnModel(new ModelShape([1, 8, 8], 3, [], 0));
        using var input = randn(2, 1, 8, 8);
        var before = Outputs(model, input);

        var adapters = LoraInjector.Apply(model, Adapter("backbone.fc"), new SourceLocation("spec.yaml", 1, 1));

        Assert.Equal(["backbone.fc"], adapters.Layers.Keys);
        Assert.Equal(before, Outputs(model, input));
        Assert.Equal([4, 32 * 2 * 2], model.state_dict()["backbone.fc.lora_A.weight"].shape);
    }

    [Fact]
    public void The_adapter_is_saved_with_exactly_peft_names_shapes_and_config_keys()
    {
        using var fixture = new TrainingFixture();
        using var model = TrainingFixture.NewModel();
        var adapters = LoraInjector.Apply(model, Adapter("backbone.*"), new SourceLocation("spec.yaml", 1, 1));

        PeftAdapterFiles.Write(fixture.Folder, model, adapters, "models/base.safetensors");

        var (tensors, _) = SafeTensorsFile.Read(Path.Combine(fixture.Folder, "adapter_model.safetensors"));
        Assert.Equal(
            [
                "base_model.model.backbone.fc1.lora_A.weight", "base_model.model.backbone.fc1.lora_B.weight",
                "base_model.model.backbone.fc2.lora_A.weight", "base_model.model.backbone.fc2.lora_B.weight",
                "base_model.model.head.bias", "base_model.model.head.weight",
            ],
            tensors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([4, 6], tensors["base_model.model.backbone.fc1.lora_A.weight"].shape);
        Assert.Equal([16, 4], tensors["base_model.model.backbone.fc1.lora_B.weight"].shape);
        Assert.Equal([3, 8], tensors["base_model.model.head.weight"].shape);
        StateDict.Dispose(tensors);

        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(fixture.Folder, "adapter_config.json")))!.AsObject();
        Assert.Equal("LORA", (string?)config["peft_type"]);
        Assert.Equal("SEQ_CLS", (string?)config["task_type"]);
        Assert.Equal(4, (int?)config["r"]);
        Assert.Equal(8.0, (double?)config["lora_alpha"]);
        Assert.Equal(0.0, (double?)config["lora_dropout"]);
        Assert.Equal("none", (string?)config["bias"]);
        Assert.False((bool?)config["fan_in_fan_out"]);
        Assert.Equal("models/base.safetensors", (string?)config["base_model_name_or_path"]);
        Assert.Equal(["backbone.fc1", "backbone.fc2"], config["target_modules"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(["head"], config["modules_to_save"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public void A_model_with_a_hub_name_map_saves_under_hub_names()
    {
        using var fixture = new TrainingFixture();
        TorchSetup.Configure(1, 1);
        using var model = new HubNamedMlp();
        var adapters = LoraInjector.Apply(model, Adapter("backbone.fc2"), new SourceLocation("spec.yaml", 1, 1));

        PeftAdapterFiles.Write(fixture.Folder, model, adapters, null);

        var (tensors, _) = SafeTensorsFile.Read(Path.Combine(fixture.Folder, "adapter_model.safetensors"));
        Assert.Contains("base_model.model.bert.fc2.lora_A.weight", tensors.Keys);
        Assert.Contains("base_model.model.classifier.weight", tensors.Keys);
        StateDict.Dispose(tensors);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(fixture.Folder, "adapter_config.json")))!.AsObject();
        Assert.Equal(["classifier"], config["modules_to_save"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(["bert.fc2"], config["target_modules"]!.AsArray().Select(n => (string?)n));
    }

    /// <summary>Stands in for a Hub architecture: backbone. ↔ bert., head. ↔ classifier.</summary>
    private sealed class HubNamedMlp : FineTuneModule, IHubNames
    {
        private readonly TorchSharp.Modules.Sequential backbone;

        public HubNamedMlp()
            : base("hub-mlp", 8, 3)
        {
            backbone = nn.Sequential(("fc1", nn.Linear(6, 16)), ("relu", nn.ReLU()), ("fc2", nn.Linear(16, 8)));
            RegisterComponents();
        }

        public override Tensor Features(Tensor input) => backbone.forward(input);

        public string ToHub(string ourName) =>
            ourName.StartsWith("backbone.", StringComparison.Ordinal) ? "bert." + ourName["backbone.".Length..]
            : ourName.StartsWith("head.", StringComparison.Ordinal) ? "classifier." + ourName["head.".Length..]
            : ourName;
    }
}
