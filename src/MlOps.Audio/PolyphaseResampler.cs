using System.Collections.Concurrent;

namespace MlOps.Audio;

/// <summary>
/// Rational-rate resampling by a polyphase windowed-sinc FIR, defined exactly as
/// scipy.signal.resample_poly with its defaults (a Kaiser window, β = 5, 20·max(up, down) + 1 taps,
/// cutoff at the lower Nyquist rate, zeros outside the signal), so that a committed scipy reference
/// checks it. The low-pass keeps what would alias above the new Nyquist rate out of the result.
/// </summary>
public static class PolyphaseResampler
{
    private static readonly ConcurrentDictionary<(int Up, int Down), double[]> Filters = new();

    public static float[] Resample(float[] input, int fromRate, int toRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fromRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(toRate);
        var g = Gcd(fromRate, toRate);
        int up = toRate / g, down = fromRate / g;
        if (up == 1 && down == 1)
        {
            return (float[])input.Clone();
        }
        var h = Filters.GetOrAdd((up, down), key => Design(key.Up, key.Down));
        var halfLength = 10 * Math.Max(up, down);
        // scipy pads the filter in front so that output sample 0 sits at the filter's centre.
        var prePad = down - (halfLength % down);
        var preRemove = (halfLength + prePad) / down;
        var outLength = (int)(((long)input.Length * up + down - 1) / down);
        var output = new float[outLength];
        for (var i = 0; i < outLength; i++)
        {
            // Output i is upsampled position t = (i + preRemove)·down, filtered by h'[t − n·up] (h' = prePad zeros, then h).
            var t = ((long)(i + preRemove) * down) - prePad;
            // Input n contributes when 0 ≤ t − n·up < h.Length.
            var nMax = (int)Math.Min(input.Length - 1, FloorDiv(t, up));
            var nMin = (int)Math.Max(0, FloorDiv(t - h.Length, up) + 1);
            double sum = 0;
            for (var n = nMin; n <= nMax; n++)
            {
                sum += h[t - ((long)n * up)] * input[n];
            }
            output[i] = (float)sum;
        }
        return output;
    }

    /// <summary>scipy.signal.firwin(2·half + 1, 1 / max(up, down), window=('kaiser', 5.0)) × up.</summary>
    internal static double[] Design(int up, int down)
    {
        var maxRate = Math.Max(up, down);
        var taps = (20 * maxRate) + 1;
        var cutoff = 1.0 / maxRate;
        var alpha = 0.5 * (taps - 1);
        var h = new double[taps];
        var i0Beta = BesselI0(5.0);
        double sum = 0;
        for (var n = 0; n < taps; n++)
        {
            var m = n - alpha;
            var ratio = (2.0 * n / (taps - 1)) - 1;
            var window = BesselI0(5.0 * Math.Sqrt(Math.Max(0, 1 - (ratio * ratio)))) / i0Beta;
            h[n] = cutoff * Sinc(cutoff * m) * window;
            sum += h[n];
        }
        for (var n = 0; n < taps; n++)
        {
            h[n] = h[n] / sum * up;
        }
        return h;
    }

    private static double Sinc(double x) => x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);

    /// <summary>The modified Bessel function of the first kind, order 0, by its power series.</summary>
    private static double BesselI0(double x)
    {
        double sum = 1, term = 1, quarter = x * x / 4;
        for (var k = 1; k < 200 && term > 1e-17 * sum; k++)
        {
            term *= quarter / ((double)k * k);
            sum += term;
        }
        return sum;
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
