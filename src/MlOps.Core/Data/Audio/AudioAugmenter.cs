using MlOps.Specs.Model;

namespace MlOps.Core.Data.Audio;

/// <summary>
/// Training-time augmentation of one clip: random gain, time shift and background noise on the
/// waveform, then SpecAugment time and frequency masks on the standardised log-mel (masked cells
/// become 0, the training mean). Every draw comes from the generator it is given (seeded by the row's
/// (seed, epoch, row) key), never from shared state, so any thread may augment any row and a rerun or
/// a resumed run gets the same data.
/// </summary>
internal sealed class AudioAugmenter(AudioAugmentSpec spec, int sampleRate, IReadOnlyList<float[]> noises)
{
    public AudioAugmentSpec Spec => spec;

    /// <summary>The clip (already at its fixed length) with gain, shift and noise applied, as a new array.</summary>
    public float[] Waveform(float[] clip, Random random)
    {
        var output = new float[clip.Length];
        var shift = spec.ShiftSeconds > 0 ? (int)Math.Round(((random.NextDouble() * 2) - 1) * spec.ShiftSeconds * sampleRate) : 0;
        var gain = spec.GainDb > 0 ? (float)Math.Pow(10, ((random.NextDouble() * 2) - 1) * spec.GainDb / 20) : 1f;
        for (var i = 0; i < output.Length; i++)
        {
            var source = i - shift;
            output[i] = source >= 0 && source < clip.Length ? clip[source] * gain : 0f;
        }
        if (noises.Count > 0)
        {
            AddNoise(output, noises[random.Next(noises.Count)], random);
        }
        return output;
    }

    /// <summary>SpecAugment masks on a standardised [n_mels, frames] spectrogram, in place.</summary>
    public void Mask(Span<float> logMel, int mels, int frames, Random random)
    {
        for (var m = 0; m < spec.TimeMasks; m++)
        {
            var width = random.Next(0, Math.Min(spec.TimeMaskFrames, frames) + 1);
            var start = random.Next(0, frames - width + 1);
            for (var b = 0; b < mels; b++)
            {
                logMel.Slice((b * frames) + start, width).Clear();
            }
        }
        for (var m = 0; m < spec.FreqMasks; m++)
        {
            var height = random.Next(0, Math.Min(spec.FreqMaskBins, mels) + 1);
            var start = random.Next(0, mels - height + 1);
            logMel.Slice(start * frames, height * frames).Clear();
        }
    }

    private void AddNoise(float[] signal, float[] noise, Random random)
    {
        var signalPower = signal.Average(v => (double)v * v);
        var offset = random.Next(noise.Length);
        double noisePower = 0;
        for (var i = 0; i < signal.Length; i++)
        {
            var n = noise[(offset + i) % noise.Length];
            noisePower += (double)n * n;
        }
        noisePower /= signal.Length;
        if (signalPower <= 0 || noisePower <= 0)
        {
            return;
        }
        var snr = spec.NoiseMinSnrDb + (random.NextDouble() * (spec.NoiseMaxSnrDb - spec.NoiseMinSnrDb));
        var scale = (float)Math.Sqrt(signalPower / (noisePower * Math.Pow(10, snr / 10)));
        for (var i = 0; i < signal.Length; i++)
        {
            signal[i] += scale * noise[(offset + i) % noise.Length];
        }
    }
}
