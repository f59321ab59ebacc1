using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Decoders;

/// <summary>
/// A decoder without its output head: token ids to final hidden states. Llama family:
/// <c>embed_tokens</c>, <c>layers.N</c>, <c>norm</c> (the Hub's <c>model.*</c>); GPT-2: <c>wte</c>,
/// <c>wpe</c>, <c>h.N</c>, <c>ln_f</c> (the Hub's <c>transformer.*</c>).
/// </summary>
public abstract class DecoderBackbone(DecoderConfig config) : nn.Module("backbone")
{
    public DecoderConfig Config { get; } = config;

    /// <summary>The token embedding matrix [vocab, hidden], which a tied lm_head shares.</summary>
    public abstract Parameter EmbeddingWeight { get; }

    /// <param name="ids">int64 [batch, new] token ids.</param>
    /// <param name="attentionMask">[batch, past + new]: true where a token is real, for the cached positions and these.</param>
    /// <param name="cache">Keys and values of the past positions, extended by this pass; null to compute without one.</param>
    /// <param name="segments">Packed training rows only (no cache): int64 [batch, new], the example each token belongs to; see <see cref="CausalMask.Segmented"/>.</param>
    /// <returns>Hidden states [batch, new, hidden] after the final norm.</returns>
    public abstract Tensor Forward(Tensor ids, Tensor attentionMask, KvCache? cache, Tensor? segments = null);

    /// <summary>Which keys each query sees and the positions of the new tokens.</summary>
    protected (Tensor Allowed, Tensor Positions) Masks(Tensor ids, Tensor attentionMask, KvCache? cache, Tensor? segments)
    {
        if (segments is null)
        {
            return (CausalMask.Allowed(attentionMask, ids.shape[1], Config.AttentionWindow), CausalMask.Positions(attentionMask, ids.shape[1]));
        }
        if (cache is not null)
        {
            throw new ArgumentException("segments are for packed training rows, which are computed without a cache", nameof(segments));
        }
        return CausalMask.Segmented(attentionMask, segments, Config.AttentionWindow);
    }

    public static DecoderBackbone Create(DecoderConfig config) =>
        config.IsGpt2 ? new Gpt2Backbone(config) : new LlamaBackbone(config);
}

internal sealed class LlamaBackbone : DecoderBackbone
{
#pragma warning disable IDE1006, SA1300, CA1707 // fields are the Hub's module names
    private readonly Embedding embed_tokens;
    private readonly ModuleList<LlamaBlock> layers;
    private readonly RmsNorm norm;
#pragma warning restore IDE1006, SA1300, CA1707
    private readonly RotaryEmbedding rotary;

    public LlamaBackbone(DecoderConfig config)
        : base(config)
    {
        embed_tokens = nn.Embedding(config.VocabSize, config.HiddenSize);
        layers = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(i => new LlamaBlock(config, i)).ToArray());
        norm = new RmsNorm(config.HiddenSize, config.NormEps);
        rotary = new RotaryEmbedding(config);
        RegisterComponents();
    }

    public override Parameter EmbeddingWeight => embed_tokens.weight!;

    public override Tensor Forward(Tensor ids, Tensor attentionMask, KvCache? cache, Tensor? segments = null)
    {
        using var scope = NewDisposeScope();
        var x = embed_tokens.forward(ids);
        var (allowed, positions) = Masks(ids, attentionMask, cache, segments);
        var (cos, sin) = rotary.Angles(positions, x.dtype);
        var step = new DecoderStep(allowed, cos, sin, cache);
        foreach (var layer in layers)
        {
            x = layer.Forward(x, step);
        }
        return norm.forward(x).MoveToOuterDisposeScope();
    }
}

internal sealed class Gpt2Backbone : DecoderBackbone
{
#pragma warning disable IDE1006, SA1300, CA1707 // fields are the Hub's module names
    private readonly Embedding wte;
    private readonly Embedding wpe;
    private readonly ModuleList<Gpt2Block> h;
    private readonly LayerNorm ln_f;
#pragma warning restore IDE1006, SA1300, CA1707

    public Gpt2Backbone(DecoderConfig config)
        : base(config)
    {
        wte = nn.Embedding(config.VocabSize, config.HiddenSize);
        wpe = nn.Embedding(config.MaxPositions, config.HiddenSize);
        h = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(i => new Gpt2Block(config, i)).ToArray());
        ln_f = nn.LayerNorm(config.HiddenSize, config.NormEps);
        RegisterComponents();
    }

    public override Parameter EmbeddingWeight => wte.weight!;

    public override Tensor Forward(Tensor ids, Tensor attentionMask, KvCache? cache, Tensor? segments = null)
    {
        using var scope = NewDisposeScope();
        var (allowed, positions) = Masks(ids, attentionMask, cache, segments);
        var x = nn.functional.dropout(wte.forward(ids) + wpe.forward(positions), Config.ResidualDropout, training);
        var step = new DecoderStep(allowed, null, null, cache);
        foreach (var block in h)
        {
            x = block.Forward(x, step);
        }
        return ln_f.forward(x).MoveToOuterDisposeScope();
    }
}
