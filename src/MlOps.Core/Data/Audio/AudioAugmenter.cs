using MlOps.Specs.Model;

namespace MlOps.Core.Data.Audio;

/// <summary>
/// Training-time augmentation of one clip: random gain, time shift and background noise on the
/// waveform, then SpecAugment time and frequency masks on the standardised log-mel (masked cells
/// become 0, the training mean). Every draw comes from (seed, row, copy), never from shared state,
/// so any thread may compute any copy and a rerun or a resumed run gets the same data.
/// </summary>
internal sealed class AudioAugmenter(AudioAugmentSpec spec, int sampleRate, IReadOnlyList<float[]> noises)
{
    public AudioAugmentSpec Spec => spec;

    public static Random RandomFor(int seed, int row, int copy)
    {
        // SplitMix64 of the three numbers: stable across processes and .NET versions (HashCode is not).
        var z = unchecked(((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)(uint)row << 20) ^ (ulong)(uint)copy);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return new Random((int)(z ^ (z >> 31)));
    }

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
