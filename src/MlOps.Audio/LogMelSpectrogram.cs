
namespace MlOps.Audio;

/// <summary>
/// The log-mel spectrogram as torchaudio computes it with
/// <c>MelSpectrogram(sample_rate, n_fft, hop_length=hop, f_min, f_max, n_mels, mel_scale)</c> followed by
/// <c>AmplitudeToDB("power", top_db=None)</c>: reflect-pad n_fft/2 at both ends (center=True), a
/// periodic Hann window of n_fft samples, |STFT|², the mel filters (no norm), then 10·log10(max(x, 1e-10)),
/// and with top_db set, every value raised to at least the spectrogram's maximum − top_db (so the
/// digital silence of zero padding sits 80 dB below the clip's peak, not at −100 dB absolute).
/// Output is [n_mels, frames], row-major, frames = 1 + samples / hop. Thread-safe.
/// </summary>
public sealed class LogMelSpectrogram
{
    private const double Floor = 1e-10;
    private readonly MixedRadixFft _fft;
    private readonly double[] _window;
    private readonly MelFilterbank _mel;
    private readonly int _hop;
    private readonly double? _topDb;

    public LogMelSpectrogram(int sampleRate, int nFft, int hop, int melCount, double fMin, double fMax, MelFrequencyScale scale, double? topDb = null)
    {
        _topDb = topDb;
        _fft = new MixedRadixFft(nFft);
        _hop = hop;
        _window = new double[nFft];
        for (var n = 0; n < nFft; n++)
        {
            _window[n] = 0.5 - (0.5 * Math.Cos(2 * Math.PI * n / nFft));
        }
        _mel = new MelFilterbank((nFft / 2) + 1, sampleRate, melCount, fMin, fMax, scale);
    }

    public int MelCount => _mel.MelCount;

    public int Frames(int samples) => 1 + (samples / _hop);

    /// <summary>Writes [n_mels, Frames(samples.Length)] into <paramref name="output"/>. The clip must be longer than n_fft / 2 (reflect padding).</summary>
    public void Compute(ReadOnlySpan<float> samples, Span<float> output)
    {
        var nFft = _fft.Size;
        var pad = nFft / 2;
        if (samples.Length <= pad)
        {
            throw new ArgumentException($"a clip of {samples.Length} samples is too short for n_fft {nFft} (reflect padding needs more than {pad}).", nameof(samples));
        }
        var frames = Frames(samples.Length);
        var bins = (nFft / 2) + 1;
        var re = new double[nFft];
        var im = new double[nFft];
        var outRe = new double[nFft];
        var outIm = new double[nFft];
        var power = new double[bins];
        var powerNext = new double[bins];
        // Two real frames per complex FFT: frame f as the real part, frame f + 1 as the imaginary
        // part; their spectra separate by conjugate symmetry (half the transforms of one per frame).
        for (var f = 0; f < frames; f += 2)
        {
            var pair = f + 1 < frames;
            for (var n = 0; n < nFft; n++)
            {
                re[n] = Reflect(samples, (f * _hop) - pad + n) * _window[n];
                im[n] = pair ? Reflect(samples, ((f + 1) * _hop) - pad + n) * _window[n] : 0;
            }
            _fft.Forward(re, im, outRe, outIm);
            for (var k = 0; k < bins; k++)
            {
                var mirror = k == 0 ? 0 : nFft - k;
                double zr = outRe[k], zi = outIm[k], wr = outRe[mirror], wi = -outIm[mirror];
                double ar = (zr + wr) / 2, ai = (zi + wi) / 2;   // (Z[k] + conj Z[N−k]) / 2
                double br = (zi - wi) / 2, bi = (wr - zr) / 2;   // (Z[k] − conj Z[N−k]) / 2i
                power[k] = (ar * ar) + (ai * ai);
                powerNext[k] = (br * br) + (bi * bi);
            }
            Mel(power, output, frames, f);
            if (pair)
            {
                Mel(powerNext, output, frames, f + 1);
            }
        }
        if (_topDb is { } topDb)
        {
            var values = output[..(_mel.MelCount * frames)];
            var max = float.NegativeInfinity;
            foreach (var v in values)
            {
                max = Math.Max(max, v);
            }
            var floor = (float)(max - topDb);
            foreach (ref var v in values)
            {
                v = Math.Max(v, floor);
            }
        }
    }

    private void Mel(double[] power, Span<float> output, int frames, int frame)
    {
        for (var m = 0; m < _mel.MelCount; m++)
        {
            var weights = _mel.Weights[m];
            var first = _mel.First[m];
            double sum = 0;
            for (var k = 0; k < weights.Length; k++)
            {
                sum += weights[k] * power[first + k];
            }
            output[(m * frames) + frame] = (float)(10.0 * Math.Log10(Math.Max(sum, Floor)));
        }
    }

    /// <summary>torch's reflect padding: index −1 reads sample 1, index len reads len − 2.</summary>
    private static double Reflect(ReadOnlySpan<float> x, int i)
    {
        if (i < 0)
        {
            i = -i;
        }
        else if (i >= x.Length)
        {
            i = (2 * (x.Length - 1)) - i;
        }
        return x[i];
    }
}
