using static TorchSharp.torch;

namespace MlOps.Core.Models.Transformers;

/// <summary>The feed-forward activations Hugging Face configs name (hidden_act / activation).</summary>
internal static class Activation
{
    private static readonly double TanhScale = Math.Sqrt(2.0 / Math.PI);

    public static Func<Tensor, Tensor> Named(string name) => name.ToLowerInvariant() switch
    {
        // Hugging Face's "gelu" is the exact erf form, as torch's default.
        "gelu" => x => nn.functional.gelu(x),
        "gelu_new" or "gelu_pytorch_tanh" or "gelu_fast" => TanhGelu,
        "relu" => x => nn.functional.relu(x),
        _ => throw new ArgumentException($"hidden activation '{name}' is not supported: use gelu, gelu_new or relu"),
    };

    private static Tensor TanhGelu(Tensor x)
    {
        using var scope = NewDisposeScope();
        var inner = (x + (x.pow(3) * 0.044715)) * TanhScale;
        return (x * 0.5 * (inner.tanh() + 1)).MoveToOuterDisposeScope();
    }
}
