using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Transformers;
using MlOps.Core.Tests.Torch;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Models.Transformers;

/// <summary>Masked-LM checkpoints: the Hub's load into the MLM module; one pretrained here becomes a classifier's base.</summary>
[Collection(TorchCollection.Name)]
public sealed class MaskedLmCheckpointTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("mlops-mlm-").FullName;

    [Fact]
    public void A_Hub_BertForMaskedLM_checkpoint_loads_with_its_tied_decoder_set_aside()
    {
        manual_seed(1);
        using var source = new TransformerForMaskedLm(TinyTransformers.Config(TransformerKind.Bert));
        var hub = source.state_dict().ToDictionary(p => p.Key.Replace("backbone.", "bert.", StringComparison.Ordinal), p => p.Value.detach().clone());
        // pytorch_model.bin of BertForMaskedLM also stores the tied copies.
        hub["cls.predictions.decoder.weight"] = hub["bert.embeddings.word_embeddings.weight"].clone();
        hub["cls.predictions.decoder.bias"] = hub["cls.predictions.bias"].clone();
        var folder = TinyTransformers.WriteFolder(Path.Combine(root, "mlm"), TransformerKind.Bert, hub);
        manual_seed(2);
        using var target = new TransformerForMaskedLm(TinyTransformers.Config(TransformerKind.Bert));

        var report = target.Load(folder, TinyTransformers.Where);

        Assert.Equal(TinyTransformers.Weights(source), TinyTransformers.Weights(target));
        Assert.Equal(["cls.predictions.decoder.bias [40]", "cls.predictions.decoder.weight [40,16]"], report.NotUsed);
        source.eval();
        target.eval();
        using var ids = TinyTransformers.Ids(0, 8, [2, 9, 4, 3]);
        using var expected = source.forward(ids);
        using var actual = target.forward(ids);
        Assert.Equal([1L, 4L, 40L], actual.shape);
        Assert.True(expected.allclose(actual, rtol: 0, atol: 0));
    }

    [Fact]
    public void An_encoder_pretrained_with_the_mlm_head_is_a_classifiers_base()
    {
        manual_seed(1);
        using var pretrained = new TransformerForMaskedLm(TinyTransformers.Config(TransformerKind.Bert));
        var folder = TinyTransformers.WriteFolder(Path.Combine(root, "pretrained"), TransformerKind.Bert,
            pretrained.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone()));
        using var classifier = TinyTransformers.Classifier(TransformerKind.Bert, classes: 2, seed: 5);
        var messages = new List<string>();

        CheckpointLoader.Load(classifier, folder, replaceHead: false, TinyTransformers.Where, messages.Add);

        var (mlm, tuned) = (TinyTransformers.Weights(pretrained), TinyTransformers.Weights(classifier));
        Assert.All(mlm.Keys.Where(k => k.StartsWith("backbone.", StringComparison.Ordinal)), k => Assert.Equal(mlm[k], tuned[k]));
        Assert.Contains(messages, m => m.Contains("5 tensors not used", StringComparison.Ordinal) && m.Contains("cls.predictions.bias", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("has no head.*, backbone.pooler.*: freshly initialised", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
