using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models;
using MlOps.Core.Models.Speech;
using MlOps.Core.Tests.Torch;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Models.Speech;

/// <summary>config.json and preprocessor_config.json of the speech encoders: what is read, what is refused and how.</summary>
[Collection(TorchCollection.Name)]
public sealed class SpeechConfigTests
{
    private static readonly SourceLocation Where = new("spec.yaml", 2, 3);

    private static MlOpsException Refused(string json) =>
        Assert.Throws<MlOpsException>(() => SpeechConfig.Parse(json, "config.json", Where));

    [Theory]
    [InlineData("""{"model_type": "wav2vec2", "feat_extract_norm": "batch"}""", SpeechErrorCodes.BadConfig, "feat_extract_norm")]
    [InlineData("""{"model_type": "wav2vec2", "conv_dim": [8, 8], "conv_kernel": [3], "conv_stride": [2, 2]}""", SpeechErrorCodes.BadConfig, "conv_kernel")]
    [InlineData("""{"model_type": "hubert", "hidden_size": 10, "num_attention_heads": 3}""", SpeechErrorCodes.BadConfig, "attention heads")]
    [InlineData("""{"model_type": "wav2vec2", "add_adapter": true}""", SpeechErrorCodes.UnsupportedOption, "add_adapter")]
    [InlineData("""{"model_type": "hubert", "conv_pos_batch_norm": true}""", SpeechErrorCodes.UnsupportedOption, "conv_pos_batch_norm")]
    [InlineData("""{"model_type": "bert"}""", SpeechErrorCodes.ModelTypeMismatch, "wav2vec2 and hubert")]
    public void A_config_that_cannot_be_computed_is_refused_with_its_reason(string json, string code, string named)
    {
        var error = Refused(json).Diagnostics.Single();
        Assert.Equal(code, error.Code);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Equal(Where, error.Location);
    }

    [Fact]
    public void The_released_base_layout_is_the_default_and_its_receptive_field_is_400_samples()
    {
        var config = SpeechConfig.Parse("""{"model_type": "wav2vec2"}""", "config.json", Where);

        Assert.Equal((768, 12, 512, false, false), (config.HiddenSize, config.Layers, config.ConvDim[^1], config.LayerNormConvs, config.StableLayerNorm));
        Assert.Equal(400, config.MinimumSamples);
        Assert.Equal(49, config.Frames(16000)); // one second at 16 kHz: 49 frames of 20 ms
    }

    [Fact]
    public void Clips_shorter_than_the_receptive_field_cannot_build_the_model()
    {
        var json = File.ReadAllText(Path.Combine(SpeechReferenceTests.Folder, "wav2vec2_base", "config.json"));
        var shape = new ModelShape([20], 2, [], 0) { Config = new ModelConfig("wav2vec2", json, "config.json") };

        var e = Assert.Throws<ArgumentException>(() => SpeechModels.Classifier("wav2vec2", shape));
        Assert.Contains("at least 40 samples", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Preprocessor_config_gives_do_normalize_and_must_agree_on_the_sampling_rate()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, SpeechPreprocessor.FileName), """{"sampling_rate": 16000, "do_normalize": false, "feature_size": 1}""");
        Assert.False(SpeechPreprocessor.Read(folder.Path, new AudioSpec(), Where).Normalize);
        Assert.True(SpeechPreprocessor.Read(null, new AudioSpec(), Where).Normalize);

        var e = Assert.Throws<MlOpsException>(() => SpeechPreprocessor.Read(folder.Path, new AudioSpec { SampleRate = 8000 }, Where));
        Assert.Equal(SpeechErrorCodes.BadPreprocessor, e.Diagnostics.Single().Code);
        Assert.Contains("data.audio.sample_rate: 16000", e.Diagnostics.Single().Message, StringComparison.Ordinal);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("mlops-speech-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
