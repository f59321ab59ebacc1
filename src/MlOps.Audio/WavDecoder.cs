using System.Globalization;
using NAudio.Wave;

namespace MlOps.Audio;

/// <summary>
/// WAV through NAudio.Core (its managed RIFF reader and sample converters run on every OS): PCM 8,
/// 16, 24 and 32-bit and 32-bit IEEE float, plain or WAVE_FORMAT_EXTENSIBLE, any channel count
/// (averaged to mono). Anything else is refused with <see cref="NotSupportedException"/>; a broken
/// RIFF structure is an <see cref="InvalidDataException"/>.
/// </summary>
internal static class WavDecoder
{
    private static readonly Guid PcmSubFormat = new("00000001-0000-0010-8000-00aa00389b71");
    private static readonly Guid FloatSubFormat = new("00000003-0000-0010-8000-00aa00389b71");

    public static bool HasMagic(ReadOnlySpan<byte> head) =>
        head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WAVE"u8);

    public static DecodedAudio Decode(byte[] file)
    {
        WaveFileReader reader;
        try
        {
            reader = new WaveFileReader(new MemoryStream(file, writable: false));
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException or InvalidDataException or ArgumentException)
        {
            throw new InvalidDataException($"the WAV header is corrupt: {e.Message.TrimEnd('.')}.", e);
        }
        using (reader)
        {
            var format = reader.WaveFormat;
            var encoding = Describe(format);
            var channels = format.Channels;
            if (channels < 1 || format.SampleRate <= 0)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"the WAV header declares {channels} channels at {format.SampleRate} Hz."));
            }
            var provider = reader.ToSampleProvider();
            var frames = reader.SampleCount;
            var mono = new float[frames];
            var buffer = new float[4096 * channels];
            long frame = 0;
            int read;
            while ((read = provider.Read(buffer.AsSpan())) > 0)
            {
                for (var i = 0; i + channels <= read && frame < frames; i += channels)
                {
                    float sum = 0;
                    for (var c = 0; c < channels; c++)
                    {
                        sum += buffer[i + c];
                    }
                    mono[frame++] = sum / channels;
                }
            }
            if (frame == 0)
            {
                throw new InvalidDataException("the WAV file holds no samples (its data chunk is empty).");
            }
            return new DecodedAudio(frame == frames ? mono : mono[..(int)frame], format.SampleRate, channels, format.BitsPerSample, encoding);
        }
    }

    /// <summary>WAVE_FORMAT_EXTENSIBLE's sub-format GUID: NAudio's reader keeps it in the extra bytes (valid bits 2, channel mask 4, then the GUID).</summary>
    private static Guid SubFormat(WaveFormat format) => format switch
    {
        WaveFormatExtensible extensible => extensible.SubFormat,
        WaveFormatExtraData { ExtraData.Length: >= 22 } extra => new Guid(extra.ExtraData.AsSpan(6, 16)),
        _ => throw new InvalidDataException("the WAV header says WAVE_FORMAT_EXTENSIBLE but its fmt chunk is too short to name the sub-format."),
    };

    /// <summary>"PCM 16-bit" or "IEEE float 32-bit"; throws for what the converters cannot read.</summary>
    private static string Describe(WaveFormat format)
    {
        var encoding = format.Encoding;
        if (encoding == WaveFormatEncoding.Extensible)
        {
            var subFormat = SubFormat(format);
            encoding = subFormat == PcmSubFormat ? WaveFormatEncoding.Pcm
                : subFormat == FloatSubFormat ? WaveFormatEncoding.IeeeFloat
                : throw new NotSupportedException($"the WAV file's WAVE_FORMAT_EXTENSIBLE sub-format {subFormat} is neither PCM nor IEEE float; convert it to PCM (e.g. sox in.wav -b 16 out.wav).");
        }
        return (encoding, format.BitsPerSample) switch
        {
            (WaveFormatEncoding.Pcm, 8 or 16 or 24 or 32) => string.Create(CultureInfo.InvariantCulture, $"PCM {format.BitsPerSample}-bit"),
            (WaveFormatEncoding.IeeeFloat, 32) => "IEEE float 32-bit",
            _ => throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture,
                $"the WAV sample format is {encoding} {format.BitsPerSample}-bit; supported are PCM 8/16/24/32-bit and IEEE float 32-bit. Convert it (e.g. sox in.wav -b 16 -e signed-integer out.wav).")),
        };
    }
}
