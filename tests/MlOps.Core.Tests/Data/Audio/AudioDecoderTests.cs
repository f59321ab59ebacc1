using MlOps.Audio;

namespace MlOps.Core.Tests.Data.Audio;

public sealed class AudioDecoderTests
{
    private static float[] Reference() => AudioDecoder.Decode(AudioFixtures.Path("pcm16.wav")).Samples;

    [Theory]
    [InlineData("pcm8.wav", "PCM 8-bit", 1.0 / 128)]
    [InlineData("pcm24.wav", "PCM 24-bit", 1e-7)]
    [InlineData("pcm24-plain.wav", "PCM 24-bit", 1e-7)]
    [InlineData("pcm32.wav", "PCM 32-bit", 1e-7)]
    [InlineData("float32.wav", "IEEE float 32-bit", 1e-7)]
    public void Every_wav_sample_format_decodes_to_the_16_bit_original(string file, string encoding, double tolerance)
    {
        var reference = Reference();
        var audio = AudioDecoder.Decode(AudioFixtures.Path(file));

        Assert.Equal(encoding, audio.Encoding);
        Assert.Equal(22050, audio.SampleRate);
        Assert.Equal(reference.Length, audio.Samples.Length);
        Assert.True(reference.Max(Math.Abs) > 0.3f, "the reference is not silent");
        for (var i = 0; i < reference.Length; i++)
        {
            Assert.True(Math.Abs(reference[i] - audio.Samples[i]) <= tolerance, $"{file} sample {i}: {audio.Samples[i]} vs {reference[i]}");
        }
    }

    [Theory]
    [InlineData("stereo16.wav")]
    [InlineData("stereo24.wav")]
    [InlineData("flac16-stereo.flac")]
    [InlineData("flac24-stereo.flac")]
    public void Stereo_is_mixed_down_to_the_mean_of_its_channels(string file)
    {
        // Left is the reference, right −0.5 × reference: the mean is 0.25 × reference.
        var reference = Reference();
        var audio = AudioDecoder.Decode(AudioFixtures.Path(file));

        Assert.Equal(2, audio.Channels);
        Assert.Equal(reference.Length, audio.Samples.Length);
        for (var i = 0; i < reference.Length; i++)
        {
            Assert.True(Math.Abs((0.25f * reference[i]) - audio.Samples[i]) <= 1.0 / 32768, $"{file} sample {i}: {audio.Samples[i]} vs {0.25f * reference[i]}");
        }
    }

    [Theory]
    [InlineData("flac16-fixed.flac")]
    [InlineData("flac16-lpc.flac")]
    public void Flac_is_lossless_sample_for_sample(string file)
    {
        var audio = AudioDecoder.Decode(AudioFixtures.Path(file));

        Assert.Equal("FLAC", audio.Encoding);
        Assert.Equal(16, audio.BitsPerSample);
        Assert.Equal(Reference(), audio.Samples);
    }

    [Fact]
    public void Eight_bit_flac_equals_the_eight_bit_wav()
    {
        Assert.Equal(AudioDecoder.Decode(AudioFixtures.Path("pcm8.wav")).Samples, AudioDecoder.Decode(AudioFixtures.Path("flac8.flac")).Samples);
    }

    [Fact]
    public void Three_channel_extensible_float_is_averaged()
    {
        var audio = AudioDecoder.Decode(AudioFixtures.Path("float32-3ch.wav"));

        Assert.Equal(3, audio.Channels);
        Assert.Equal(16000, audio.SampleRate);
        Assert.Equal(800, audio.Samples.Length);
        Assert.True(audio.Samples.Max(Math.Abs) is > 0.2f and <= 1f);
    }

    [Theory]
    [InlineData("alaw.wav", "ALaw")]
    [InlineData("float64.wav", "IeeeFloat 64-bit")]
    public void Unsupported_sample_formats_are_refused_by_name(string file, string named)
    {
        var e = Assert.Throws<NotSupportedException>(() => AudioDecoder.Decode(AudioFixtures.Path(file)));
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("truncated-header.wav", "corrupt")]
    [InlineData("reference.json", "neither")]
    public void Corrupt_or_foreign_files_are_invalid_data(string file, string says)
    {
        var e = Assert.Throws<InvalidDataException>(() => AudioDecoder.Decode(AudioFixtures.Path(file)));
        Assert.Contains(says, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_flac_stream_is_invalid_data()
    {
        var bytes = File.ReadAllBytes(AudioFixtures.Path("flac16-lpc.flac"));
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"mlops-truncated-{Guid.NewGuid():N}.flac");
        File.WriteAllBytes(path, bytes[..(bytes.Length - 300)]);
        try
        {
            Assert.Throws<InvalidDataException>(() => AudioDecoder.Decode(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
