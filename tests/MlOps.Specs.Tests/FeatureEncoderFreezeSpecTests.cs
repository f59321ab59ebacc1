using MlOps.Specs;
using MlOps.Tests.Shared;

namespace MlOps.Specs.Tests;

/// <summary>base.freeze_feature_encoder: a bool for the speech encoders, refused on other named models.</summary>
public sealed class FeatureEncoderFreezeSpecTests : IDisposable
{
    private readonly SpecSandbox sandbox = new();

    public FeatureEncoderFreezeSpecTests()
    {
        sandbox.Write("clips/train/yes/a.wav", "RIFF");
        sandbox.Write("clips/train/no/b.wav", "RIFF");
    }

    public void Dispose() => sandbox.Dispose();

    private SpecLoadResult Load(string model, string freeze) => sandbox.Load($$"""
        name: a
        base: { model: {{model}}, checkpoint: none{{freeze}} }
        data:
          format: audiofolder
          train: clips/train
        """);

    [Fact]
    public void Unset_it_is_the_familys_default_and_false_turns_it_off()
    {
        var unset = Load("hubert", "");
        var off = Load("wav2vec2", ", freeze_feature_encoder: false");

        Assert.Null(unset.Spec!.Base.FreezeFeatureEncoder);
        Assert.False(off.HasErrors, string.Join("\n", off.Diagnostics.Select(d => d.Message)));
        Assert.False(off.Spec!.Base.FreezeFeatureEncoder);
    }

    [Fact]
    public void On_a_model_without_a_feature_encoder_it_is_MLOPS071_on_its_line()
    {
        var result = Load("audio-cnn", ", freeze_feature_encoder: true");

        var error = Assert.Single(result.Diagnostics, d => d.Code == SpecErrorCodes.FeatureEncoderFreezeNotApplicable);
        Assert.Equal(2, error.Location.Line);
        Assert.Contains("audio-cnn", error.Message, StringComparison.Ordinal);
    }
}
