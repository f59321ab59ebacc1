using MlOps.Core.Models.Transformers;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Models.Transformers;

/// <summary>The modules' parameter names are the Hub's, below backbone. (so weights load by name).</summary>
public sealed class HubNamesTests
{
    private static readonly string[] BertLayer =
    [
        "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense", "attention.output.LayerNorm",
        "intermediate.dense", "output.dense", "output.LayerNorm",
    ];

    private static IEnumerable<string> WeightAndBias(IEnumerable<string> modules) => modules.SelectMany(m => new[] { m + ".weight", m + ".bias" });

    private static string[] Names(nn.Module model) => [.. model.state_dict().Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void Bert_names_are_the_Hubs_under_backbone_with_the_classifier_as_head()
    {
        using var model = TinyTransformers.Classifier(TransformerKind.Bert);

        string[] expected =
        [
            "backbone.embeddings.word_embeddings.weight", "backbone.embeddings.position_embeddings.weight", "backbone.embeddings.token_type_embeddings.weight",
            .. WeightAndBias(["backbone.embeddings.LayerNorm", .. BertLayer.Select(n => "backbone.encoder.layer.0." + n), "backbone.pooler.dense", "head"]),
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), Names(model));
        Assert.Equal(["head."], model.HeadPrefixes);
    }

    [Fact]
    public void Distilbert_names_are_the_Hubs_and_pre_classifier_belongs_to_the_head()
    {
        using var model = TinyTransformers.Classifier(TransformerKind.DistilBert);

        string[] layer = ["attention.q_lin", "attention.k_lin", "attention.v_lin", "attention.out_lin", "sa_layer_norm", "ffn.lin1", "ffn.lin2", "output_layer_norm"];
        string[] expected =
        [
            "backbone.embeddings.word_embeddings.weight", "backbone.embeddings.position_embeddings.weight",
            .. WeightAndBias(["backbone.embeddings.LayerNorm", .. layer.Select(n => "backbone.transformer.layer.0." + n), "pre_classifier", "head"]),
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), Names(model));
        Assert.Equal(["head.", "pre_classifier."], model.HeadPrefixes);
    }

    [Fact]
    public void Roberta_uses_bert_names_without_a_pooler()
    {
        using var model = TinyTransformers.Classifier(TransformerKind.Roberta);

        Assert.Contains("backbone.encoder.layer.0.attention.self.query.weight", Names(model));
        Assert.DoesNotContain(Names(model), n => n.Contains("pooler", StringComparison.Ordinal));
        Assert.Equal(["head.", "pre_classifier."], model.HeadPrefixes);
    }

    [Theory]
    [InlineData("bert.encoder.layer.3.output.LayerNorm.gamma", TransformerKind.Bert, "backbone.encoder.layer.3.output.LayerNorm.weight")]
    [InlineData("embeddings.LayerNorm.beta", TransformerKind.Bert, "backbone.embeddings.LayerNorm.bias")]
    [InlineData("classifier.weight", TransformerKind.Bert, "head.weight")]
    [InlineData("distilbert.transformer.layer.0.ffn.lin1.weight", TransformerKind.DistilBert, "backbone.transformer.layer.0.ffn.lin1.weight")]
    [InlineData("pre_classifier.bias", TransformerKind.DistilBert, "pre_classifier.bias")]
    [InlineData("classifier.dense.weight", TransformerKind.Roberta, "pre_classifier.weight")]
    [InlineData("classifier.out_proj.bias", TransformerKind.Roberta, "head.bias")]
    [InlineData("backbone.pooler.dense.weight", TransformerKind.Bert, "backbone.pooler.dense.weight")]
    public void Hub_names_map_to_ours(string hub, TransformerKind kind, string ours) =>
        Assert.Equal(ours, HubNameMap.ToOurs(kind, hub));

    [Fact]
    public void Masked_lm_heads_carry_the_Hubs_names_and_no_separate_decoder_weight()
    {
        using var bert = new TransformerForMaskedLm(TinyTransformers.Config(TransformerKind.Bert));
        using var distil = new TransformerForMaskedLm(TinyTransformers.Config(TransformerKind.DistilBert));
        using var roberta = new TransformerForMaskedLm(TinyTransformers.Config(TransformerKind.Roberta));

        Assert.Equal(["cls.predictions.bias", "cls.predictions.transform.LayerNorm.bias", "cls.predictions.transform.LayerNorm.weight", "cls.predictions.transform.dense.bias", "cls.predictions.transform.dense.weight"],
            Names(bert).Where(n => !n.StartsWith("backbone.", StringComparison.Ordinal)));
        Assert.Equal(["vocab_layer_norm.bias", "vocab_layer_norm.weight", "vocab_projector.bias", "vocab_transform.bias", "vocab_transform.weight"],
            Names(distil).Where(n => !n.StartsWith("backbone.", StringComparison.Ordinal)));
        Assert.Equal(["lm_head.bias", "lm_head.dense.bias", "lm_head.dense.weight", "lm_head.layer_norm.bias", "lm_head.layer_norm.weight"],
            Names(roberta).Where(n => !n.StartsWith("backbone.", StringComparison.Ordinal)));
        Assert.DoesNotContain(Names(bert), n => n.Contains("pooler", StringComparison.Ordinal));
    }
}
