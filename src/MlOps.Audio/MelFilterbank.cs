
namespace MlOps.Audio;

/// <summary>
/// Triangular mel filters over the one-sided FFT bins, built exactly as
/// torchaudio.functional.melscale_fbanks(norm=None) does: bin frequencies linspace(0, sr // 2, n_fft/2 + 1),
/// n_mels + 2 points evenly spaced in mels from f_min to f_max, each filter rising from one point to
/// the next and falling to the one after. Only each filter's non-zero bins are kept.
/// </summary>
internal sealed class MelFilterbank
{
    public MelFilterbank(int frequencyBins, int sampleRate, int melCount, double fMin, double fMax, MelFrequencyScale scale)
    {
        MelCount = melCount;
        var frequencies = new double[frequencyBins];
        for (var k = 0; k < frequencyBins; k++)
        {
            frequencies[k] = frequencyBins == 1 ? 0 : (sampleRate / 2) * (double)k / (frequencyBins - 1);
        }
        double melMin = HzToMel(fMin, scale), melMax = HzToMel(fMax, scale);
        var points = new double[melCount + 2];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = MelToHz(melMin + ((melMax - melMin) * i / (melCount + 1)), scale);
        }
        First = new int[melCount];
        Weights = new double[melCount][];
        for (var m = 0; m < melCount; m++)
        {
            var weights = new double[frequencyBins];
            int first = -1, last = -1;
            for (var k = 0; k < frequencyBins; k++)
            {
                var down = (frequencies[k] - points[m]) / (points[m + 1] - points[m]);
                var up = (points[m + 2] - frequencies[k]) / (points[m + 2] - points[m + 1]);
                weights[k] = Math.Max(0, Math.Min(down, up));
                if (weights[k] > 0)
                {
                    first = first < 0 ? k : first;
                    last = k;
                }
            }
            First[m] = Math.Max(0, first);
            Weights[m] = first < 0 ? [] : weights[first..(last + 1)];
        }
    }

    public int MelCount { get; }

    /// <summary>Filter m's first non-zero bin.</summary>
    public int[] First { get; }

    /// <summary>Filter m's weights from <see cref="First"/> on (empty when the filter covers no bin).</summary>
    public double[][] Weights { get; }

    public static double HzToMel(double hz, MelFrequencyScale scale)
    {
        if (scale == MelFrequencyScale.Htk)
        {
            return 2595.0 * Math.Log10(1.0 + (hz / 700.0));
        }
        const double fSp = 200.0 / 3, minLogHz = 1000.0, minLogMel = minLogHz / fSp;
        var logStep = Math.Log(6.4) / 27.0;
        return hz >= minLogHz ? minLogMel + (Math.Log(hz / minLogHz) / logStep) : hz / fSp;
    }

    public static double MelToHz(double mel, MelFrequencyScale scale)
    {
        if (scale == MelFrequencyScale.Htk)
        {
            return 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0);
        }
        const double fSp = 200.0 / 3, minLogHz = 1000.0, minLogMel = minLogHz / fSp;
        var logStep = Math.Log(6.4) / 27.0;
        return mel >= minLogMel ? minLogHz * Math.Exp(logStep * (mel - minLogMel)) : fSp * mel;
    }
}
