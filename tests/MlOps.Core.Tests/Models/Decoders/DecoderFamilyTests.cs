using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models;
using MlOps.Core.Models.Adapters;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Decoders;
using MlOps.Core.Models.Families;
using MlOps.Core.Models.Transformers;
using MlOps.Core.Tests.Torch;
using MlOps.Specs.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Models.Decoders;

/// <summary>base.model auto and its refusals, the classifier's last-token rule, sampling, LoRA targets and bf16 on the decoder families.</summary>
[Collection(TorchCollection.Name)]
public sealed class DecoderFamilyTests : IDisposable
{
    private static readonly SourceLocation Where = new("spec.yaml", 4, 3);
    private readonly string temp = Directory.CreateTempSubdirectory("mlops-decoder-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    private static string Reference(string name) => Path.Combine(DecoderReferenceTests.Folder, name);

    private static ResolvedBase? Resolve(BaseModelSpec spec) =>
        ModelFamilyBuilders.All.Select(f => f.Resolve(spec, null, Where)).FirstOrDefault(r => r is not null);

    [Theory]
    [InlineData("llama", "llama")]
    [InlineData("llama_linear", "llama")]
    [InlineData("qwen2", "qwen2")]
    [InlineData("gpt2", "gpt2")]
    public void Auto_reads_model_type_from_config_json(string folder, string model)
    {
        var resolved = Resolve(new BaseModelSpec { Model = "auto", Checkpoint = Reference(folder) });

        Assert.Equal(model, resolved?.Model);
        Assert.Contains($"\"model_type\": \"{model}\"", resolved!.Config!.Json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_base_model_that_disagrees_with_config_json_is_refused()
    {
        var error = Assert.Throws<MlOpsException>(() => Resolve(new BaseModelSpec { Model = "gpt2", Checkpoint = Reference("qwen2") }));

        Assert.Equal(DecoderErrorCodes.ModelTypeMismatch, error.Diagnostics[0].Code);
        Assert.Contains("set base.model to qwen2 or auto", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_qwen2_sliding_window_shorter_than_the_sequences_is_refused_and_a_mistral_one_is_computed()
    {
        var qwen2 = TinyDecoders.LlamaConfigJson().Replace("\"model_type\":\"llama\"", "\"model_type\":\"qwen2\",\"use_sliding_window\":true,\"sliding_window\":16", StringComparison.Ordinal);
        var mistral = TinyDecoders.LlamaConfigJson().Replace("\"model_type\":\"llama\"", "\"model_type\":\"mistral\",\"sliding_window\":16", StringComparison.Ordinal);
        var config = new ModelConfig("qwen2", qwen2, "config.json");
        var spec = new BaseModelSpec { Model = "qwen2" };

        var error = Assert.Throws<MlOpsException>(() => ModelFactory.Build(ModelRegistry.Default(), spec, [32], 2, Where, config));
        using var fits = ModelFactory.Build(ModelRegistry.Default(), spec, [16], 2, Where, config);
        using var lm = new DecoderForCausalLm(DecoderConfig.Parse(qwen2, "config.json", Where));
        var generation = Assert.Throws<MlOpsException>(() => TextGeneration.Generate(lm, [[1, 2, 3]], new GenerationOptions { MaxNewTokens = 20 }, Where));
        using var windowed = ModelFactory.Build(ModelRegistry.Default(), new BaseModelSpec { Model = "mistral" }, [32], 2, Where, new ModelConfig("mistral", mistral, "config.json"));
        using var mistralLm = new DecoderForCausalLm(DecoderConfig.Parse(mistral, "config.json", Where));

        Assert.Contains("sliding window of 16 tokens", error.Message, StringComparison.Ordinal);
        Assert.IsType<DecoderClassifier>(fits);
        Assert.Equal(DecoderErrorCodes.SlidingWindow, generation.Diagnostics[0].Code);
        Assert.IsType<DecoderClassifier>(windowed);
        Assert.Equal(20, TextGeneration.Generate(mistralLm, [[1, 2, 3]], new GenerationOptions { MaxNewTokens = 20, EosTokenIds = [] }, Where)[0].Length);
    }

    [Theory]
    [InlineData("\"rope_scaling\":{\"rope_type\":\"yarn\",\"factor\":4.0},", DecoderErrorCodes.RopeScaling, "rope_scaling type 'yarn'")]
    [InlineData("\"rope_scaling\":{\"rope_type\":\"llama3\",\"factor\":8.0},", DecoderErrorCodes.BadConfig, "needs \"low_freq_factor\"")]
    [InlineData("\"num_key_value_heads\":3,", DecoderErrorCodes.BadConfig, "4 attention heads cannot share 3 key/value heads")]
    public void Configs_it_cannot_compute_are_refused_with_the_reason(string insert, string code, string message)
    {
        var json = TinyDecoders.LlamaConfigJson().Replace("\"num_key_value_heads\":2,", insert, StringComparison.Ordinal);

        var error = Assert.Throws<MlOpsException>(() => DecoderConfig.Parse(json, "config.json", Where));

        Assert.Equal(code, error.Diagnostics[0].Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_classifier_scores_the_last_real_token_of_right_padded_rows()
    {
        // Qwen2 ties lm_head to the embeddings: the last real token's features times the embedding
        // matrix are PyTorch's logits at that position.
        var spec = new BaseModelSpec { Model = "auto", Checkpoint = Reference("qwen2") };
        var resolved = Resolve(spec)!;
        using var model = (DecoderClassifier)ModelFactory.Build(ModelRegistry.Default(), spec with { Model = resolved.Model }, [8], 3, Where, resolved.Config);
        var messages = new List<string>();
        CheckpointLoader.Load(model, spec.Checkpoint!, replaceHead: false, Where, messages.Add);
        model.eval();
        int[][] prompts = [[1, 17, 33, 5, 60], [1, 44, 9], [1, 70, 12, 88, 3, 27]];
        using var input = tensor(prompts.SelectMany(p => p.Concat(Enumerable.Repeat(0, 8 - p.Length)).Select(v => (float)v)).ToArray(), [3, 8]);

        using var _ = no_grad();
        using var features = model.Features(input);
        using var logits = features.matmul(model.Backbone.EmbeddingWeight.t());
        using var causal = DecoderWeights.CausalLm(Reference("qwen2"), Where);
        using var ids = tensor(prompts.SelectMany(p => p.Concat(Enumerable.Repeat(0, 8 - p.Length)).Select(v => (long)v)).ToArray(), [3, 8]);
        using var mask = ids.ne(0);
        using var full = causal.Logits(ids, mask);

        for (var r = 0; r < prompts.Length; r++)
        {
            using var expected = full[r, prompts[r].Length - 1];
            Assert.True(expected.allclose(logits[r], rtol: 0, atol: 1e-5), $"row {r}");
        }
        Assert.Contains(messages, m => m.Contains("has no head.*", StringComparison.Ordinal) || m.Contains("freshly initialised", StringComparison.Ordinal));
    }

    [Fact]
    public void Sampling_is_seeded_and_top_k_one_is_greedy()
    {
        using var model = DecoderWeights.CausalLm(Reference("llama"), Where);
        int[][] prompts = [[1, 17, 33], [1, 44]];
        var greedy = TextGeneration.Generate(model, prompts, new GenerationOptions { MaxNewTokens = 6, EosTokenIds = [] }, Where);
        var sampling = new GenerationOptions { MaxNewTokens = 6, EosTokenIds = [], Sample = true, Temperature = 1.5, TopP = 0.9, Seed = 11 };

        var first = TextGeneration.Generate(model, prompts, sampling, Where);
        var again = TextGeneration.Generate(model, prompts, sampling, Where);
        var topK1 = TextGeneration.Generate(model, prompts, sampling with { TopK = 1 }, Where);
        var seeds = Enumerable.Range(1, 4).Select(s => TextGeneration.Generate(model, prompts, sampling with { Seed = s }, Where)).ToList();

        static string Text(IReadOnlyList<int[]> rows) => string.Join(" | ", rows.Select(r => string.Join(" ", r)));
        Assert.Equal(Text(first), Text(again));
        Assert.Equal(Text(greedy), Text(topK1));
        Assert.True(seeds.Select(Text).Distinct().Count() > 1, "four seeds gave the same samples");
        Assert.All(first, r => Assert.Equal(6, r.Length));
    }

    [Fact]
    public void A_prompt_longer_than_the_positions_is_refused()
    {
        using var model = DecoderWeights.CausalLm(Reference("gpt2"), Where);

        var error = Assert.Throws<MlOpsException>(() => TextGeneration.Generate(model, [[.. Enumerable.Repeat(5, 60)]], new GenerationOptions { MaxNewTokens = 8 }, Where));

        Assert.Equal(DecoderErrorCodes.BadGeneration, error.Diagnostics[0].Code);
        Assert.Contains("exceeds the model's 64 positions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_linear_adapts_every_projection_and_gpt2_conv1d_layers_take_lora()
    {
        var llama = new BaseModelSpec { Model = "auto", Checkpoint = Reference("llama") };
        using var model = ModelFactory.Build(ModelRegistry.Default(), llama with { Model = "llama" }, [8], 2, Where, Resolve(llama)!.Config);
        var gpt2Spec = new BaseModelSpec { Model = "auto", Checkpoint = Reference("gpt2") };
        using var gpt2 = ModelFactory.Build(ModelRegistry.Default(), gpt2Spec with { Model = "gpt2" }, [8], 2, Where, Resolve(gpt2Spec)!.Config);
        CheckpointLoader.Load(gpt2, gpt2Spec.Checkpoint!, replaceHead: false, Where);

        var all = LoraInjector.Apply(model, new AdapterSpec { Targets = [LoraInjector.AllLinear] }, Where);
        var attention = LoraInjector.Apply(gpt2, new AdapterSpec { Targets = ["*.c_attn"] }, Where);

        Assert.Equal(2 * 7, all.Layers.Count); // q, k, v, o, gate, up, down in each of two layers
        Assert.DoesNotContain(all.Layers.Keys, k => k.StartsWith("head", StringComparison.Ordinal));
        Assert.Equal(["backbone.h.0.attn.c_attn", "backbone.h.1.attn.c_attn"], attention.Layers.Keys.Order());
        Assert.Equal("transformer.h.0.attn.c_attn", ((IHubNames)gpt2).ToHub("backbone.h.0.attn.c_attn"));
    }

    [Fact]
    public void In_bf16_the_classifier_keeps_its_ids_exact_and_its_scores_near_fp32()
    {
        var spec = new BaseModelSpec { Model = "auto", Checkpoint = Reference("llama") };
        using var model = ModelFactory.Build(ModelRegistry.Default(), spec with { Model = "llama" }, [6], 2, Where, Resolve(spec)!.Config);
        CheckpointLoader.Load(model, spec.Checkpoint!, replaceHead: false, Where);
        model.eval();
        using var input = tensor(new float[] { 1, 70, 12, 88, 3, 27, 1, 44, 9, 0, 0, 0 }, [2, 6]);
        using var _ = no_grad();
        using var full = model.forward(input);

        model.to(ScalarType.BFloat16);
        using var half = model.forward(input).to(ScalarType.Float32);

        Assert.False(model.CastInputsToComputeType);
        Assert.True(half.allclose(full, rtol: 0.1, atol: 0.05), $"fp32 {string.Join(",", full.data<float>().ToArray())} bf16 {string.Join(",", half.data<float>().ToArray())}");
    }
}
