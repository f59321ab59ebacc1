using MlOps.Audio;
using MlOps.Core.Tests.Models.Speech;

namespace MlOps.Core.Tests.Data.Audio;

/// <summary>A clip as wav2vec2 reads it: normalised as Wav2Vec2FeatureExtractor's do_normalize (the reference script's), then zero-padded on the right.</summary>
public sealed class WaveformClipTests
{
    [Fact]
    public void Normalisation_matches_the_reference_and_the_padding_is_zeros_on_the_right()
    {
        var root = SpeechReferenceTests.Reference();
        var raw = root.GetProperty("raw_clip").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        var expected = root.GetProperty("normalised_clip").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var target = Enumerable.Repeat(9f, raw.Length + 37).ToArray();

        WaveformClip.Write(raw, normalize: true, target);

        var worst = expected.Select((e, i) => Math.Abs(e - target[i])).Max();
        Assert.True(worst < 1e-6, $"normalised samples differ from the reference by {worst:G3}");
        Assert.All(target[raw.Length..], v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Without_do_normalize_the_samples_pass_unchanged_and_a_longer_clip_is_cut()
    {
        var target = new float[3];

        WaveformClip.Write([0.5f, -0.25f, 0.125f, 0.75f], normalize: false, target);

        Assert.Equal([0.5f, -0.25f, 0.125f], target);
    }
}
