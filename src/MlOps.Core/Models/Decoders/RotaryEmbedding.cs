using static TorchSharp.torch;

namespace MlOps.Core.Models.Decoders;

/// <summary>
/// Rotary position embeddings (Su et al. 2021) as Llama applies them: frequencies
/// θ^(−2i/d) (scaled by <see cref="RopeScaling"/>), angle = position · frequency, the two halves of
/// each head rotated: x·cos + rotate_half(x)·sin with rotate_half(x) = [−x₂, x₁].
/// </summary>
internal sealed class RotaryEmbedding
{
    private readonly float[] inverseFrequencies;

    public RotaryEmbedding(DecoderConfig config)
    {
        using var scope = NewDisposeScope();
        // In float32 torch ops, as transformers computes them, so the angles agree to the last bit.
        var exponents = arange(0, config.HeadDim, 2, dtype: ScalarType.Int64).to(ScalarType.Float32) / config.HeadDim;
        var inverse = pow(tensor((float)config.RopeTheta), exponents).reciprocal();
        if (config.RopeScaling is { } scaling)
        {
            inverse = scaling.Type == "linear" ? inverse / scaling.Factor : Llama3(inverse, scaling);
        }
        inverseFrequencies = inverse.data<float>().ToArray();
    }

    /// <summary>The (scaled) rotary frequencies, head_dim / 2 of them: what the ONNX export bakes into its graph.</summary>
    public IReadOnlyList<float> InverseFrequencies => inverseFrequencies;

    /// <summary>cos and sin [batch, 1, length, head_dim] for positions [batch, length], in <paramref name="dtype"/>.</summary>
    public (Tensor Cos, Tensor Sin) Angles(Tensor positions, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var frequencies = tensor(inverseFrequencies, device: positions.device);
        var angles = positions.to(ScalarType.Float32).unsqueeze(-1) * frequencies;
        var both = cat([angles, angles], -1).unsqueeze(1);
        return (both.cos().to(dtype).MoveToOuterDisposeScope(), both.sin().to(dtype).MoveToOuterDisposeScope());
    }

    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        var half = x.shape[^1] / 2;
        var rotated = cat([x.narrow(-1, half, half).neg(), x.narrow(-1, 0, half)], -1);
        return ((x * cos) + (rotated * sin)).MoveToOuterDisposeScope();
    }

    /// <summary>Wavelengths shorter than original/high kept, longer than original/low divided by the factor, blended between.</summary>
    private static Tensor Llama3(Tensor inverse, RopeScaling s)
    {
        var wavelength = inverse.reciprocal() * (2 * Math.PI);
        var lowWavelength = s.OriginalMaxPositions / s.LowFreqFactor;
        var highWavelength = s.OriginalMaxPositions / s.HighFreqFactor;
        var scaled = where(wavelength > lowWavelength, inverse / s.Factor, inverse);
        var smooth = ((wavelength.reciprocal() * s.OriginalMaxPositions) - s.LowFreqFactor) / (s.HighFreqFactor - s.LowFreqFactor);
        var smoothed = ((1 - smooth) * scaled / s.Factor) + (smooth * scaled);
        var medium = (wavelength < highWavelength).logical_not().logical_and((wavelength > lowWavelength).logical_not());
        return where(medium, smoothed, scaled);
    }
}
