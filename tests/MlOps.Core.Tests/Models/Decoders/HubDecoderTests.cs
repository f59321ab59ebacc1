using System.Text.Json;
using MlOps.Core.Models.Decoders;
using MlOps.Core.Tests.Models.Hub;

namespace MlOps.Core.Tests.Models.Decoders;

/// <summary>
/// <c>hf://</c> by name: the reference's sharded Llama (model.safetensors.index.json and two shards),
/// served from 127.0.0.1 like the Hub, is downloaded into the cache by the Hub client and generates
/// PyTorch's greedy tokens.
/// </summary>
[Collection(HubEnvironmentCollection.Name)]
public sealed class HubDecoderTests : IDisposable
{
    private readonly HubSite site = new();
    private readonly Dictionary<string, string?> savedEnvironment = [];

    [Fact]
    public void A_sharded_hub_llama_downloads_and_generates_PyTorchs_tokens()
    {
        var folder = Path.Combine(DecoderReferenceTests.Folder, "llama_linear");
        site.Hub.AddRepo("tiny-org/tiny-llama", Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes));
        Set("HF_HUB_CACHE", site.CacheRoot);
        Set("HF_ENDPOINT", site.Hub.Endpoint.AbsoluteUri);
        Set("HF_HUB_OFFLINE", null);
        Set("HF_TOKEN", null);
        using var reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(DecoderReferenceTests.Folder, "reference.json")));
        var root = reference.RootElement;
        var entry = root.GetProperty("models").GetProperty("llama_linear");
        int[][] prompts = [.. root.GetProperty("prompts").EnumerateArray().Select(p => p.EnumerateArray().Select(v => v.GetInt32()).ToArray())];

        using var model = DecoderWeights.CausalLm("hf://tiny-org/tiny-llama", new("spec.yaml", 2, 3));
        var generated = TextGeneration.Generate(model, prompts, new GenerationOptions
        {
            MaxNewTokens = root.GetProperty("max_new_tokens").GetInt32(),
            EosTokenIds = [entry.GetProperty("eos_token_id").GetInt32()],
        }, new("spec.yaml", 2, 3));

        Assert.Equal(
            entry.GetProperty("greedy").EnumerateArray().Select(r => string.Join(" ", r.EnumerateArray().Select(v => v.GetInt32()))),
            generated.Select(g => string.Join(" ", g)));
        Assert.Contains(site.Hub.Requests, r => r.Contains("model-00002-of-00002.safetensors", StringComparison.Ordinal));
    }

    private void Set(string name, string? value)
    {
        savedEnvironment.TryAdd(name, Environment.GetEnvironmentVariable(name));
        Environment.SetEnvironmentVariable(name, value);
    }

    public void Dispose()
    {
        foreach (var (name, value) in savedEnvironment)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
        site.Dispose();
    }
}
