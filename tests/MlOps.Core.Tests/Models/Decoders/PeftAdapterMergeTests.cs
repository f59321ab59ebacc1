using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Adapters;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Decoders;
using MlOps.Core.Tests.Torch;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Models.Decoders;

/// <summary>A PEFT adapter folder written under PEFT's names folds into the decoder as W + (alpha / r)·B·A.</summary>
[Collection(TorchCollection.Name)]
public sealed class PeftAdapterMergeTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlops-peft-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private void WriteAdapter(string config, IReadOnlyDictionary<string, Tensor> tensors)
    {
        File.WriteAllText(Path.Combine(folder, PeftAdapterFiles.ConfigFile), config);
        SafeTensorsFile.Write(Path.Combine(folder, PeftAdapterFiles.WeightsFile), tensors, new Dictionary<string, string> { ["format"] = "pt" });
    }

    private static DecoderForCausalLm Model()
    {
        manual_seed(3);
        return new DecoderForCausalLm(DecoderConfig.Parse(TinyDecoders.LlamaConfigJson(), "config.json", SourceLocation.None("config.json")));
    }

    [Theory]
    [InlineData(false, 2.0)]  // lora_alpha 4 / r 2
    [InlineData(true, 2.8284271247461903)] // rsLoRA: 4 / sqrt(2)
    public void Lora_pairs_add_their_scaled_product_to_the_weight(bool rsLora, double scale)
    {
        using var model = Model();
        manual_seed(11);
        using var a = randn(2, 32);
        using var b = randn(32, 2);
        WriteAdapter($$"""{"peft_type": "LORA", "r": 2, "lora_alpha": 4, "use_rslora": {{(rsLora ? "true" : "false")}}, "target_modules": ["q_proj"]}""",
            new Dictionary<string, Tensor>
            {
                ["base_model.model.model.layers.1.self_attn.q_proj.lora_A.weight"] = a,
                ["base_model.model.model.layers.1.self_attn.q_proj.lora_B.weight"] = b,
            });
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var before = parameters["backbone.layers.1.self_attn.q_proj.weight"].detach().clone();
        using var untouched = parameters["backbone.layers.0.self_attn.q_proj.weight"].detach().clone();

        PeftAdapterMerge.Apply(model, folder);

        using var expected = before + (b.matmul(a) * scale);
        Assert.True(expected.allclose(parameters["backbone.layers.1.self_attn.q_proj.weight"], rtol: 0, atol: 1e-5));
        Assert.True(untouched.allclose(parameters["backbone.layers.0.self_attn.q_proj.weight"], rtol: 0, atol: 0));
    }

    [Fact]
    public void An_adapter_for_another_shape_or_module_is_a_checkpoint_mismatch()
    {
        using var model = Model();
        using var a = zeros(2, 16);
        using var b = zeros(32, 2);
        WriteAdapter("""{"peft_type": "LORA", "r": 2, "lora_alpha": 4}""", new Dictionary<string, Tensor>
        {
            ["base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"] = a,
            ["base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight"] = b,
        });

        var error = Assert.Throws<MlOpsException>(() => PeftAdapterMerge.Apply(model, folder));

        Assert.Equal("MLOPS301", error.Diagnostics[0].Code);
        Assert.Contains("[32, 16]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_adapter_files_is_unreadable()
    {
        using var model = Model();

        var error = Assert.Throws<MlOpsException>(() => PeftAdapterMerge.Apply(model, folder));

        Assert.Equal("MLOPS302", error.Diagnostics[0].Code);
    }
}
