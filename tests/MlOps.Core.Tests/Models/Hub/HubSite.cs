using System.Text;
using MlOps.Core.Models.Hub;
using MlOps.Specs.Hub;

namespace MlOps.Core.Tests.Models.Hub;

/// <summary>A fake Hub plus an empty cache folder, and the tiny checkpoints the tests serve.</summary>
internal sealed class HubSite : IDisposable
{
    public HubSite()
    {
        CacheRoot = Path.Combine(Path.GetTempPath(), "mlops-hub-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(CacheRoot);
    }

    public FakeHub Hub { get; } = new();
    public string CacheRoot { get; }
    public List<HubProgress> Progress { get; } = [];

    public HubOptions Options(string? token = null, bool offline = false) => new()
    {
        CacheDirectory = CacheRoot,
        Endpoint = Hub.Endpoint,
        Token = token,
        Offline = offline,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        Timeout = TimeSpan.FromSeconds(10),
    };

    public HubSnapshot Resolve(string id, string? token = null, bool offline = false) =>
        new HubSnapshotResolver(Options(token, offline), p => { lock (Progress) { Progress.Add(p); } }).Resolve(HubModelId.Parse(id));

    public static byte[] Bytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static Dictionary<string, byte[]> Single() => new()
    {
        ["config.json"] = Encoding.UTF8.GetBytes("{\"model_type\": \"bert\", \"hidden_size\": 16}"),
        ["model.safetensors"] = Bytes(200_000, 1),
        ["vocab.txt"] = Encoding.UTF8.GetBytes("[PAD]\n[UNK]\nhello\n"),
    };

    public static Dictionary<string, byte[]> Sharded() => new()
    {
        ["config.json"] = Encoding.UTF8.GetBytes("{\"model_type\": \"bert\"}"),
        ["model.safetensors.index.json"] = Encoding.UTF8.GetBytes("""
            {"metadata": {"total_size": 300000}, "weight_map": {
              "a.weight": "model-00001-of-00002.safetensors",
              "b.weight": "model-00002-of-00002.safetensors",
              "c.weight": "model-00001-of-00002.safetensors"}}
            """),
        ["model-00001-of-00002.safetensors"] = Bytes(150_000, 2),
        ["model-00002-of-00002.safetensors"] = Bytes(150_000, 3),
        ["tokenizer.json"] = Encoding.UTF8.GetBytes("{\"model\": {}}"),
    };

    public string RepoFolder(string repoId) => Path.Combine(CacheRoot, "models--" + repoId.Replace("/", "--", StringComparison.Ordinal));

    public string Blob(string repoId, byte[] content, bool lfs) =>
        Path.Combine(RepoFolder(repoId), "blobs", lfs ? FakeHub.Sha256(content) : FakeHub.GitSha1(content));

    public void Dispose()
    {
        Hub.Dispose();
        try
        {
            Directory.Delete(CacheRoot, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
