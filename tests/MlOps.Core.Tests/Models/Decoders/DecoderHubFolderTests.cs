using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Adapters;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Decoders;
using MlOps.Core.Tests.Torch;
using MlOps.Specs.Model;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Models.Decoders;

/// <summary>
/// A language model saved as a Hugging Face folder loads back as a base checkpoint with the same
/// logits (LoRA folded in), under exactly the tensor names of the reference checkpoints written by
/// Debian's PyTorch (GPT-2's Conv1D layout and tied embeddings included).
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class DecoderHubFolderTests : IDisposable
{
    private static readonly SourceLocation Where = new("spec.yaml", 2, 3);
    private readonly string folder = Path.Combine(Path.GetTempPath(), "mlops-hubfolder-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("llama")]
    [InlineData("gpt2")]
    [InlineData("qwen2")]
    public void A_lora_tuned_model_saved_as_a_hub_folder_reloads_with_the_same_logits_and_the_hub_names(string reference)
    {
        var source = Path.Combine(DecoderReferenceTests.Folder, reference);
        using var model = DecoderWeights.CausalLm(source, Where);
        var adapters = LoraInjector.Apply(model, _ => false, new AdapterSpec { R = 2, Alpha = 4, Targets = DecoderAdapterTargets.Default(model.Config.Kind) }, Where);
        using (no_grad())
        {
            manual_seed(11);
            foreach (var lora in adapters.Layers.Values)
            {
                lora.LoraB.copy_(randn(lora.LoraB.shape) * 0.5); // PEFT starts B at zero: make the update count
            }
        }
        model.eval();
        using var ids = tensor(new float[,] { { 3, 17, 42, 5, 9, -1 }, { 8, 1, 2, 3, 4, 5 } });
        using var expected = model.forward(ids);

        DecoderHubFolder.Write(folder, model, tokenizerSource: null);

        using var reloaded = DecoderWeights.CausalLm(folder, Where);
        reloaded.eval();
        using var actual = reloaded.forward(ids);
        Assert.True(actual.allclose(expected, rtol: 0, atol: 1e-5), $"max diff {(actual - expected).abs().max().item<float>()}");
        var (written, _) = SafeTensorsFile.Read(Path.Combine(folder, "model.safetensors"));
        var (hub, _) = SafeTensorsFile.Read(Path.Combine(source, "model.safetensors"));
        Assert.Equal(hub.Keys.Where(k => !DecoderNames.IsBuffer(DecoderNames.ToOurs(model.Config.Kind, k))).Order(StringComparer.Ordinal), written.Keys.Order(StringComparer.Ordinal));
        Assert.All(written, p => Assert.Equal(hub[p.Key].shape, p.Value.shape));
        StateDict.Dispose(written);
        StateDict.Dispose(hub);
        Assert.True(File.Exists(Path.Combine(folder, DecoderHubFolder.GenerationConfigFile)));
    }
}
