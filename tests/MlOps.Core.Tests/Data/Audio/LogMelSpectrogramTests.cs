using System.Text.Json;
using MlOps.Audio;

namespace MlOps.Core.Tests.Data.Audio;

public sealed class LogMelSpectrogramTests
{
    [Theory]
    [InlineData("htk")]
    [InlineData("slaney")]
    [InlineData("htk-top-db")]
    public void Log_mel_equals_the_torchaudio_definition_on_a_recorded_word(string name)
    {
        var config = AudioFixtures.Reference().GetProperty("logmel").GetProperty(name);
        var expected = AudioFixtures.Floats(config.GetProperty("file").GetString()!);
        var clip = new float[16000];
        AudioFixtures.Floats("resample-16000.f32").AsSpan(0, 14791).CopyTo(clip);
        var logMel = new LogMelSpectrogram(16000, Int(config, "n_fft"), Int(config, "hop"), Int(config, "n_mels"),
            config.GetProperty("f_min").GetDouble(), config.GetProperty("f_max").GetDouble(), name.StartsWith("htk", StringComparison.Ordinal) ? MelFrequencyScale.Htk : MelFrequencyScale.Slaney,
            config.GetProperty("top_db").ValueKind == JsonValueKind.Null ? null : config.GetProperty("top_db").GetDouble());
        var frames = logMel.Frames(clip.Length);
        var actual = new float[logMel.MelCount * frames];

        logMel.Compute(clip, actual);

        Assert.Equal(Int(config, "frames"), frames);
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        }
        Assert.True(worst <= 1e-4, $"max |torch − ours| = {worst:G3} dB");
        Assert.True(expected.Max() - expected.Min() > 50, "the reference has a real dynamic range");
        Assert.Equal(name == "htk-top-db", expected.Min() > -100 + 1e-3);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(400)]
    [InlineData(7 * 11)]
    [InlineData(25)]
    public void The_fft_equals_the_direct_dft(int size)
    {
        var fft = new MixedRadixFft(size);
        var re = Enumerable.Range(0, size).Select(i => Math.Sin(i * 0.7) + (0.1 * i)).ToArray();
        var im = Enumerable.Range(0, size).Select(i => Math.Cos(i * 1.3)).ToArray();
        var outRe = new double[size];
        var outIm = new double[size];

        fft.Forward(re, im, outRe, outIm);

        for (var k = 0; k < size; k++)
        {
            double sr = 0, si = 0;
            for (var n = 0; n < size; n++)
            {
                var angle = -2 * Math.PI * k * n / size;
                sr += (re[n] * Math.Cos(angle)) - (im[n] * Math.Sin(angle));
                si += (re[n] * Math.Sin(angle)) + (im[n] * Math.Cos(angle));
            }
            Assert.Equal(sr, outRe[k], 7);
            Assert.Equal(si, outIm[k], 7);
        }
    }

    private static int Int(JsonElement e, string key) => e.GetProperty(key).GetInt32();
}
