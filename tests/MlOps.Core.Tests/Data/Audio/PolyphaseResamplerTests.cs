using MlOps.Audio;

namespace MlOps.Core.Tests.Data.Audio;

public sealed class PolyphaseResamplerTests
{
    [Theory]
    [InlineData(16000)]
    [InlineData(8000)]
    [InlineData(44100)]
    public void Resampling_equals_scipy_resample_poly(int rate)
    {
        var reference = AudioFixtures.Reference().GetProperty("resample").GetProperty(rate.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var expected = AudioFixtures.Floats(reference.GetProperty("file").GetString()!);
        var word = AudioDecoder.Decode(AudioFixtures.Path("word.wav"));

        var actual = PolyphaseResampler.Resample(word.Samples, word.SampleRate, rate);

        Assert.Equal((int)Math.Ceiling(word.Samples.Length * (double)rate / word.SampleRate), actual.Length);
        var worst = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        }
        Assert.True(worst <= 1e-6, $"max |scipy − ours| = {worst:G3}");
    }

    [Fact]
    public void A_tone_above_the_new_nyquist_rate_is_filtered_out_not_folded_back()
    {
        // 7 kHz at 22.05 kHz, resampled to 8 kHz (Nyquist 4 kHz): plain decimation would fold it to 1 kHz.
        var tone = new float[22050];
        for (var i = 0; i < tone.Length; i++)
        {
            tone[i] = (float)Math.Sin(2 * Math.PI * 7000 * i / 22050.0);
        }

        var resampled = PolyphaseResampler.Resample(tone, 22050, 8000);

        var middle = resampled.AsSpan(1000, 6000).ToArray();
        Assert.True(Math.Sqrt(middle.Average(v => v * v)) < 1e-3, "the aliased tone survives");
    }
}
