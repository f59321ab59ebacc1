using System.Globalization;
using MlOps.Audio;
using MlOps.Contracts.Export;

namespace MlOps.Runtime;

/// <summary>
/// Clips to <c>waveform</c> [batch, samples] for wav2vec2 / HuBERT graphs through MlOps.Audio's
/// <see cref="WaveformClip"/>, the code training ran: decode and mix down to mono, resample, keep the
/// middle when longer, normalise over the clip's own samples (when model.json says so), right-pad with
/// zeros. No augmentation.
/// </summary>
internal sealed class WaveformInputs : IClipInputs
{
    private readonly WaveformPreprocessing waveform;

    public WaveformInputs(WaveformPreprocessing waveform, string source)
    {
        var expected = (long)Math.Round(waveform.SampleRate * waveform.Seconds);
        if (waveform.SampleRate < 1 || waveform.Samples < 1 || waveform.Samples != expected)
        {
            throw ModelSource.Incompatible(source, string.Create(CultureInfo.InvariantCulture,
                $"its waveform preprocessing does not add up: {waveform.Samples} samples at {waveform.SampleRate} Hz for {waveform.Seconds} s"));
        }
        this.waveform = waveform;
    }

    public int Width => waveform.Samples;

    public long[] Shape(int rows) => [rows, waveform.Samples];

    public void Encode(byte[] bytes, string what, Span<float> values)
    {
        var audio = AudioInputs.Decode(bytes, what);
        Write(audio.Samples, audio.SampleRate, values);
    }

    public void Encode(float[] samples, int sampleRate, Span<float> values)
    {
        AudioInputs.CheckSamples(samples, sampleRate);
        Write(samples, sampleRate, values);
    }

    private void Write(float[] samples, int sampleRate, Span<float> values) =>
        WaveformClip.Write(WaveformClip.Fit(samples, sampleRate, waveform.SampleRate, waveform.Samples), waveform.Normalize, values);
}
