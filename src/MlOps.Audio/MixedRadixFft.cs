namespace MlOps.Audio;

/// <summary>
/// A complex FFT of any size (mixed radix, decimation in time): torchaudio's default n_fft, 400,
/// is 4·4·5·5 and not a power of two. One instance per size; <see cref="Forward"/> is thread-safe
/// when each thread passes its own buffers.
/// </summary>
internal sealed class MixedRadixFft
{
    private readonly int[] _factors;
    private readonly double[] _cos;
    private readonly double[] _sin;

    public MixedRadixFft(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Size = size;
        var factors = new List<int>();
        var n = size;
        foreach (var p in new[] { 4, 2, 3, 5 })
        {
            while (n % p == 0)
            {
                factors.Add(p);
                n /= p;
            }
        }
        for (var p = 7; n > 1; p += 2)
        {
            while (n % p == 0)
            {
                factors.Add(p);
                n /= p;
            }
        }
        _factors = [.. factors];
        _cos = new double[size];
        _sin = new double[size];
        for (var k = 0; k < size; k++)
        {
            _cos[k] = Math.Cos(2 * Math.PI * k / size);
            _sin[k] = -Math.Sin(2 * Math.PI * k / size);
        }
    }

    public int Size { get; }

    /// <summary>X[k] = Σ x[n]·e^(−2πikn/N), from (inRe, inIm) into (outRe, outIm); the inputs are kept.</summary>
    public void Forward(ReadOnlySpan<double> inRe, ReadOnlySpan<double> inIm, Span<double> outRe, Span<double> outIm)
    {
        if (_factors.Length == 0)
        {
            outRe[0] = inRe[0];
            outIm[0] = inIm[0];
            return;
        }
        Transform(inRe, inIm, 0, 1, outRe, outIm, 0, Size, 0);
    }

    private void Transform(ReadOnlySpan<double> inRe, ReadOnlySpan<double> inIm, int inOffset, int stride, Span<double> outRe, Span<double> outIm, int outOffset, int n, int level)
    {
        var p = _factors[level];
        var m = n / p;
        if (m == 1)
        {
            for (var q = 0; q < p; q++)
            {
                outRe[outOffset + q] = inRe[inOffset + (q * stride)];
                outIm[outOffset + q] = inIm[inOffset + (q * stride)];
            }
        }
        else
        {
            for (var q = 0; q < p; q++)
            {
                Transform(inRe, inIm, inOffset + (q * stride), stride * p, outRe, outIm, outOffset + (q * m), m, level + 1);
            }
        }
        // Butterflies: X[k + r·m] = Σ_q (W_n^(q·k)·Y_q[k])·W_p^(q·r), Y_q the q-th sub-transform.
        var twiddleStep = Size / n;
        Span<double> re = stackalloc double[p];
        Span<double> im = stackalloc double[p];
        for (var k = 0; k < m; k++)
        {
            for (var q = 0; q < p; q++)
            {
                var index = outOffset + (q * m) + k;
                var w = q * k * twiddleStep % Size;
                double c = _cos[w], s = _sin[w], yr = outRe[index], yi = outIm[index];
                re[q] = (yr * c) - (yi * s);
                im[q] = (yr * s) + (yi * c);
            }
            if (p == 2)
            {
                outRe[outOffset + k] = re[0] + re[1];
                outIm[outOffset + k] = im[0] + im[1];
                outRe[outOffset + k + m] = re[0] - re[1];
                outIm[outOffset + k + m] = im[0] - im[1];
                continue;
            }
            if (p == 4)
            {
                double ar = re[0] + re[2], ai = im[0] + im[2], br = re[0] - re[2], bi = im[0] - im[2];
                double cr = re[1] + re[3], ci = im[1] + im[3], dr = re[1] - re[3], di = im[1] - im[3];
                outRe[outOffset + k] = ar + cr;
                outIm[outOffset + k] = ai + ci;
                outRe[outOffset + k + m] = br + di;       // W_4 = −i
                outIm[outOffset + k + m] = bi - dr;
                outRe[outOffset + k + (2 * m)] = ar - cr;
                outIm[outOffset + k + (2 * m)] = ai - ci;
                outRe[outOffset + k + (3 * m)] = br - di;
                outIm[outOffset + k + (3 * m)] = bi + dr;
                continue;
            }
            if (p == 5)
            {
                Radix5(re, im, outRe, outIm, outOffset + k, m);
                continue;
            }
            var pStep = Size / p;
            for (var r = 0; r < p; r++)
            {
                double sr = 0, si = 0;
                for (var q = 0; q < p; q++)
                {
                    var w = q * r % p * pStep;
                    double c = _cos[w], s = _sin[w];
                    sr += (re[q] * c) - (im[q] * s);
                    si += (re[q] * s) + (im[q] * c);
                }
                outRe[outOffset + k + (r * m)] = sr;
                outIm[outOffset + k + (r * m)] = si;
            }
        }
    }

    private static readonly double C1 = Math.Cos(2 * Math.PI / 5), C2 = Math.Cos(4 * Math.PI / 5);
    private static readonly double S1 = Math.Sin(2 * Math.PI / 5), S2 = Math.Sin(4 * Math.PI / 5);

    /// <summary>X[r] = Σ z_q·W_5^(q·r) by the conjugate pairs (z1 ± z4, z2 ± z3): 400 = 4·4·5·5.</summary>
    private static void Radix5(Span<double> re, Span<double> im, Span<double> outRe, Span<double> outIm, int at, int m)
    {
        double t1r = re[1] + re[4], t1i = im[1] + im[4], t2r = re[2] + re[3], t2i = im[2] + im[3];
        double t3r = re[1] - re[4], t3i = im[1] - im[4], t4r = re[2] - re[3], t4i = im[2] - im[3];
        double a1r = re[0] + (C1 * t1r) + (C2 * t2r), a1i = im[0] + (C1 * t1i) + (C2 * t2i);
        double a2r = re[0] + (C2 * t1r) + (C1 * t2r), a2i = im[0] + (C2 * t1i) + (C1 * t2i);
        double b1r = (S1 * t3r) + (S2 * t4r), b1i = (S1 * t3i) + (S2 * t4i);
        double b2r = (S2 * t3r) - (S1 * t4r), b2i = (S2 * t3i) - (S1 * t4i);
        outRe[at] = re[0] + t1r + t2r;
        outIm[at] = im[0] + t1i + t2i;
        outRe[at + m] = a1r + b1i;
        outIm[at + m] = a1i - b1r;
        outRe[at + (4 * m)] = a1r - b1i;
        outIm[at + (4 * m)] = a1i + b1r;
        outRe[at + (2 * m)] = a2r + b2i;
        outIm[at + (2 * m)] = a2i - b2r;
        outRe[at + (3 * m)] = a2r - b2i;
        outIm[at + (3 * m)] = a2i + b2r;
    }
}
