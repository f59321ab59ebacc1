using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Decoders;

/// <summary>
/// A decoder with its language-model head, as transformers' <c>*ForCausalLM</c> / <c>GPT2LMHeadModel</c>:
/// <c>backbone.*</c> (the Hub's <c>model.*</c> / <c>transformer.*</c>) and <c>lm_head</c>, which shares the
/// embedding matrix when <c>tie_word_embeddings</c> (then it has no tensor of its own).
/// What generation (<see cref="TextGeneration"/>) and a causal-LM objective call.
/// </summary>
public sealed class DecoderForCausalLm : nn.Module<Tensor, Tensor>, Adapters.IHubNames
{
    private readonly DecoderBackbone backbone;
#pragma warning disable IDE1006, SA1300, CA1707 // the Hub's module name
    private readonly nn.Module<Tensor, Tensor>? lm_head;
#pragma warning restore IDE1006, SA1300, CA1707

    public DecoderForCausalLm(DecoderConfig config)
        : base("DecoderForCausalLm")
    {
        Config = config;
        backbone = DecoderBackbone.Create(config);
        lm_head = config.TieWordEmbeddings ? null : nn.Linear(config.HiddenSize, config.VocabSize, hasBias: false);
        RegisterComponents();
        Transformers.TransformerInit.Normal(this, config.InitializerRange);
    }

    public DecoderConfig Config { get; }

    public DecoderBackbone Backbone => backbone;

    public string ToHub(string ourName) => DecoderNames.ToHub(Config.Kind, ourName);

    /// <summary>
    /// Training's entry: logits [batch, length, vocab] for token ids as floats [batch, length], −1 where
    /// a row is padding (masked, and read as the pad id, which pad_token_id or else eos gives).
    /// Packed rows come as [batch, 2, length]: the ids, then each token's segment (its example in the
    /// row), and every example computes as if it were alone (<see cref="CausalMask.Segmented"/>).
    /// </summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var raw = input.to(ScalarType.Int64);
        var segments = raw.dim() == 3 ? raw.select(1, 1) : null;
        raw = raw.dim() == 3 ? raw.select(1, 0) : raw;
        var real = raw.ge(0);
        return Logits(raw.masked_fill(real.logical_not(), Config.PadTokenId), real, segments: segments).MoveToOuterDisposeScope();
    }

    /// <summary>Next-token logits [batch, new, vocab] for int64 ids [batch, new]; see <see cref="DecoderBackbone.Forward"/>.</summary>
    public Tensor Logits(Tensor ids, Tensor attentionMask, KvCache? cache = null, Tensor? segments = null)
    {
        using var scope = NewDisposeScope();
        var hidden = backbone.Forward(ids, attentionMask, cache, segments);
        var logits = lm_head is null ? Layers.CpuLinear.Apply(hidden, backbone.EmbeddingWeight, null) : Layers.CpuLinear.Forward(lm_head, hidden);
        return logits.MoveToOuterDisposeScope();
    }
}
