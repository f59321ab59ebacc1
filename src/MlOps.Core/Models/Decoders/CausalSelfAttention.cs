using TorchSharp;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Decoders;

/// <summary>
/// What every decoder family's attention does once its projections have made queries, keys and values:
/// extend the KV cache, attend (<see cref="DecoderAttention"/>), merge the heads, project out. A family
/// supplies only its projections (<see cref="Project"/>: Llama's q/k/v with rotary positions, GPT-2's
/// fused c_attn) and its output (<see cref="Output"/>), under its own Hub names.
/// </summary>
internal abstract class CausalSelfAttention(string name, DecoderConfig config, int index) : nn.Module(name)
{
    protected DecoderConfig Config { get; } = config;

    public Tensor Forward(Tensor x, DecoderStep step)
    {
        using var scope = NewDisposeScope();
        var (q, k, v) = Project(x, step);
        if (step.Cache is { } cache)
        {
            (k, v) = cache.Append(index, k, v);
        }
        var context = DecoderAttention.Compute(q, k, v, step.Allowed, Config.AttentionDropout, training);
        return Output(DecoderAttention.MergeHeads(context)).MoveToOuterDisposeScope();
    }

    /// <returns>Queries [batch, heads, new, head_dim]; keys and values [batch, key/value heads, new, head_dim].</returns>
    protected abstract (Tensor Query, Tensor Key, Tensor Value) Project(Tensor x, DecoderStep step);

    /// <param name="context">[batch, new, heads · head_dim].</param>
    protected abstract Tensor Output(Tensor context);

    /// <summary>[batch, length, heads · head_dim] to [batch, heads, length, head_dim] (a view).</summary>
    protected Tensor SplitHeads(Tensor x, long heads) =>
        x.view(x.shape[0], x.shape[1], heads, Config.HeadDim).transpose(1, 2);
}
