using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Transformers;
using MlOps.Core.Tests.Torch;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Models.Transformers;

/// <summary>Forward numerics: an independent computation agrees, and padding changes nothing.</summary>
[Collection(TorchCollection.Name)]
public sealed class TransformerNumericsTests
{
    [Theory]
    [InlineData(TransformerKind.Bert)]
    [InlineData(TransformerKind.DistilBert)]
    [InlineData(TransformerKind.Roberta)]
    public void The_same_sentence_padded_to_8_or_16_gives_the_same_logits(TransformerKind kind)
    {
        using var model = TinyTransformers.Classifier(kind, classes: 3, layers: 2);
        model.eval();
        var pad = model.Config.PadTokenId;
        long[] sentence = [2, 11, 17, 23, 3];
        long[] longer = [2, 12, 13, 14, 15, 16, 18, 19, 20, 21, 22, 3];

        // Alone in a batch of width 8 (trimmed to 5), and beside a longer sentence at width 16 (trimmed to 12).
        using var alone = model.forward(TinyTransformers.Ids(pad, 8, sentence));
        using var beside = model.forward(TinyTransformers.Ids(pad, 16, sentence, longer));

        var difference = (alone[0] - beside[0]).abs().max().item<float>();
        Assert.True(difference < 1e-6, $"padding moved the logits by {difference}");
    }

    [Fact]
    public void Token_ids_outside_the_vocabulary_or_in_bf16_are_refused_clearly()
    {
        using var model = TinyTransformers.Classifier(TransformerKind.Bert);
        using var outside = TinyTransformers.Ids(0, 4, [2, 40, 3]);
        using var reduced = TinyTransformers.Ids(0, 4, [2, 5, 3]).to(ScalarType.BFloat16);

        var vocabulary = Assert.Throws<MlOps.Contracts.Diagnostics.MlOpsException>(() => model.forward(outside));
        var precision = Assert.Throws<ArgumentException>(() => model.forward(reduced));

        Assert.Equal(TransformerErrorCodes.TokenOutOfVocabulary, vocabulary.Diagnostics[0].Code);
        Assert.Contains("token id 40 is outside the model's vocabulary (0–39)", vocabulary.Message, StringComparison.Ordinal);
        Assert.Contains("BFloat16", precision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_one_layer_bert_matches_a_hand_written_forward_pass()
    {
        using var model = TinyTransformers.Classifier(TransformerKind.Bert, classes: 3, dropout: 0);
        model.eval();
        var w = model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().to(ScalarType.Float64));
        long[] tokens = [2, 9, 14, 33, 3];

        using var logits = model.forward(TinyTransformers.Ids(0, 8, tokens));
        var expected = HandWrittenBert(w, tokens, heads: 2, eps: 1e-12);

        var actual = logits[0].to(ScalarType.Float64).data<double>().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-5, $"logit {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    /// <summary>BERT as the paper and HF write it, one token and one head at a time, in float64.</summary>
    private static double[] HandWrittenBert(Dictionary<string, Tensor> w, long[] tokens, int heads, double eps)
    {
        double[][] Rows(Tensor t) => [.. Enumerable.Range(0, (int)t.shape[0]).Select(i => t[i].data<double>().ToArray())];
        double[] Vec(string name) => w[name].data<double>().ToArray();
        double[] Linear(double[] x, string name)
        {
            var weight = Rows(w[name + ".weight"]);
            var bias = Vec(name + ".bias");
            return [.. weight.Select((row, o) => row.Select((v, i) => v * x[i]).Sum() + bias[o])];
        }
        double[] Norm(double[] x, string name)
        {
            var mean = x.Average();
            var variance = x.Select(v => (v - mean) * (v - mean)).Average();
            var (gain, shift) = (Vec(name + ".weight"), Vec(name + ".bias"));
            return [.. x.Select((v, i) => ((v - mean) / Math.Sqrt(variance + eps) * gain[i]) + shift[i])];
        }
        double Gelu(double x) => 0.5 * x * (1 + Erf(x / Math.Sqrt(2)));
        double[] Add(double[] a, double[] b) => [.. a.Select((v, i) => v + b[i])];

        const string L = "backbone.encoder.layer.0.";
        var words = Rows(w["backbone.embeddings.word_embeddings.weight"]);
        var positions = Rows(w["backbone.embeddings.position_embeddings.weight"]);
        var type0 = Rows(w["backbone.embeddings.token_type_embeddings.weight"])[0];
        var x = tokens.Select((t, p) => Norm(Add(Add(words[t], positions[p]), type0), "backbone.embeddings.LayerNorm")).ToArray();
        var (q, k, v) = (x.Select(h => Linear(h, L + "attention.self.query")).ToArray(), x.Select(h => Linear(h, L + "attention.self.key")).ToArray(), x.Select(h => Linear(h, L + "attention.self.value")).ToArray());
        var size = x[0].Length / heads;
        var context = x.Select(_ => new double[x[0].Length]).ToArray();
        for (var head = 0; head < heads; head++)
        {
            for (var i = 0; i < tokens.Length; i++)
            {
                var scores = Enumerable.Range(0, tokens.Length).Select(j => Enumerable.Range(head * size, size).Sum(d => q[i][d] * k[j][d]) / Math.Sqrt(size)).ToArray();
                var max = scores.Max();
                var exp = scores.Select(s => Math.Exp(s - max)).ToArray();
                for (var j = 0; j < tokens.Length; j++)
                {
                    for (var d = head * size; d < (head + 1) * size; d++)
                    {
                        context[i][d] += exp[j] / exp.Sum() * v[j][d];
                    }
                }
            }
        }
        var attended = x.Select((h, i) => Norm(Add(Linear(context[i], L + "attention.output.dense"), h), L + "attention.output.LayerNorm")).ToArray();
        var output = attended.Select(a => Norm(Add(Linear([.. Linear(a, L + "intermediate.dense").Select(Gelu)], L + "output.dense"), a), L + "output.LayerNorm")).ToArray();
        var pooled = Linear(output[0], "backbone.pooler.dense").Select(Math.Tanh).ToArray();
        return Linear(pooled, "head");
    }

    /// <summary>erf by its Maclaurin series (cancellation stays below 1e-6 for |x| &lt; 5; beyond, erf is ±1 to 1e-11).</summary>
    private static double Erf(double x)
    {
        if (Math.Abs(x) >= 5)
        {
            return Math.Sign(x);
        }
        // Maclaurin series: erf x = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1)).
        double sum = 0, term = x;
        for (var n = 0; n < 200; n++)
        {
            sum += term / ((2 * n) + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }
}
