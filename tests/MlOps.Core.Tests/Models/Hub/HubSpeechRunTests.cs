using MlOps.Contracts.Diagnostics;
using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Data.Audio;
using MlOps.Core.Tests.Models.Speech;
using MlOps.Core.Tests.Pipeline;

namespace MlOps.Core.Tests.Models.Hub;

/// <summary>
/// base.checkpoint: hf://… for a speech encoder, served from 127.0.0.1 like the Hub: the reference's
/// large-layout wav2vec2 (LayerNorm convs, stable layer norm, weight norm under torch's
/// parametrizations names) comes down with its preprocessor_config.json and fine-tunes on waveforms.
/// </summary>
[Collection(HubEnvironmentCollection.Name)]
public sealed class HubSpeechRunTests : IDisposable
{
    private readonly TempRepository repo = new();
    private readonly HubSite site = new();
    private readonly Dictionary<string, string?> savedEnvironment = [];

    [Fact]
    public void A_hub_wav2vec2_with_its_preprocessor_config_fine_tunes_on_waveforms()
    {
        var folder = Path.Combine(SpeechReferenceTests.Folder, "wav2vec2_large");
        site.Hub.AddRepo("tiny-org/tiny-w2v", Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes));
        Set("HF_HUB_CACHE", site.CacheRoot);
        Set("HF_ENDPOINT", site.Hub.Endpoint.AbsoluteUri);
        Set("HF_HUB_OFFLINE", null);
        Set("HF_TOKEN", null);
        ToneClips.WriteFolder(repo.PathOf("data/train"), [("low", 300), ("high", 2500)], 4, 16000, 1);
        ToneClips.WriteFolder(repo.PathOf("data/val"), [("low", 300), ("high", 2500)], 2, 16000, 2);
        var spec = repo.WriteSpec("hub.yaml", """
            name: hub-speech
            seed: 4
            base: { checkpoint: "hf://tiny-org/tiny-w2v" }
            data: { format: audiofolder, train: data/train, validation: data/val, audio: { seconds: 0.2 } }
            training: { epochs: 1, batch_size: 4, threads: 1 }
            """);
        var observer = new RecordingObserver();

        var outcome = FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out/hub") }, observer, CancellationToken.None);

        Assert.True(outcome.ExitCode == ExitCodes.Passed, string.Join("\n", observer.Diagnostics.Select(d => $"{d.Code} {d.Message}")));
        Assert.Equal("wav2vec2", outcome.Result!.Model.Architecture);
        Assert.Contains(site.Hub.Requests, r => r.Contains("preprocessor_config.json", StringComparison.Ordinal));
        Assert.All(outcome.Result.Datasets, d => Assert.Equal(3200, d.Columns));
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
        repo.Dispose();
    }
}
