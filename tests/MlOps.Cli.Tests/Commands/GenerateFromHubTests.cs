using System.CommandLine;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Tests.Models.Decoders;
using MlOps.Core.Tests.Models.Hub;

namespace MlOps.Cli.Tests.Commands;

/// <summary>
/// `mlops generate hf://owner/name[@rev]` through the Hub client and cache, served by the local Hub
/// stand-in on 127.0.0.1: the outputs equal those of the same folder on disk, a second call reads the
/// cache without downloading again, and an unknown repository is exit 2 with the Hub's error code.
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class GenerateFromHubTests : IDisposable
{
    private static readonly string[] Variables = ["HF_ENDPOINT", "HF_HUB_CACHE", "HF_HUB_OFFLINE", "HF_TOKEN"];
    private readonly string root = Directory.CreateTempSubdirectory("mlops-cli-generate-hub-").FullName;
    private readonly Dictionary<string, string?> saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
    private readonly FakeHub hub = new();
    private readonly string model;
    private readonly string prompts;

    public GenerateFromHubTests()
    {
        model = Path.Combine(root, "llama");
        TinyDecoders.WriteFolder(model, TinyDecoders.LlamaConfigJson());
        hub.AddRepo("tiny-org/tiny-llama", Directory.GetFiles(model).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes));
        prompts = Path.Combine(root, "prompts.jsonl");
        File.WriteAllLines(prompts, ["{\"prompt\": \"the quick dog\"}", "{\"prompt\": \"a\"}"]);
        Environment.SetEnvironmentVariable("HF_ENDPOINT", hub.Endpoint.AbsoluteUri);
        Environment.SetEnvironmentVariable("HF_HUB_CACHE", Path.Combine(root, "cache"));
        Environment.SetEnvironmentVariable("HF_HUB_OFFLINE", null);
        Environment.SetEnvironmentVariable("HF_TOKEN", null);
    }

    public void Dispose()
    {
        foreach (var (name, value) in saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
        hub.Dispose();
        Directory.Delete(root, recursive: true);
    }

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void A_hub_model_generates_as_its_folder_does_and_is_cached()
    {
        var fromHub = Run("generate", "hf://tiny-org/tiny-llama@main", "--prompts", prompts, "--max-new-tokens", "5");
        var gets = hub.Gets;
        var fromCache = Run("generate", "hf://tiny-org/tiny-llama", "--prompts", prompts, "--max-new-tokens", "5");
        var fromFolder = Run("generate", model, "--prompts", prompts, "--max-new-tokens", "5");

        Assert.True(fromHub.Exit == 0, fromHub.Err);
        Assert.True(gets > 0);
        Assert.Equal(fromFolder.Out, fromHub.Out);
        Assert.Equal(fromFolder.Out, fromCache.Out);
        Assert.Equal(gets, hub.Gets); // the second call downloaded nothing (HEAD requests only)
        Assert.Equal(2, fromHub.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void An_unknown_hub_model_is_exit_2_with_the_hub_error()
    {
        var missing = Run("generate", "hf://tiny-org/absent", "--prompts", prompts);
        var malformed = Run("generate", "hf://a/b/c", "--prompts", prompts);

        Assert.Equal(ExitCodes.BadInput, missing.Exit);
        Assert.Contains("MLOPS313", missing.Err, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, malformed.Exit);
        Assert.Contains("MLOPS310", malformed.Err, StringComparison.Ordinal);
    }
}
