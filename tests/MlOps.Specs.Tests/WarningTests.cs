using System.Buffers.Binary;
using MlOps.Specs;
using MlOps.Tests.Shared;

namespace MlOps.Specs.Tests;

/// <summary>Legal but probably wrong: warned at the value, and the spec still loads.</summary>
public sealed class WarningTests : IDisposable
{
    private readonly SpecSandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public void A_large_learning_rate_on_a_fine_tune_is_warned_at_the_lr()
    {
        var yaml = """
            name: demo
            base: { model: mlp, checkpoint: models/base.pt }
            data: { train: data/train.csv, validation: data/val.csv }
            training:
              epochs: 20
              optimizer: { lr: 0.1 }
              layer_lr: { "head.*": 0.05, "body.*": 0.001 }
            """;
        var result = _box.Load(yaml);
        Assert.NotNull(result.Spec);
        Assert.False(result.HasErrors);
        var d = DiagnosticAssert.Has(result, SpecErrorCodes.HighFineTuneLearningRate, 6, 20);
        Assert.False(d.IsError);
        DiagnosticAssert.Has(result, SpecErrorCodes.HighFineTuneLearningRate, 7, 25);
        Assert.Equal(2, result.Diagnostics.Count);
    }

    [Fact]
    public void A_large_learning_rate_from_scratch_is_not_warned()
    {
        var yaml = "name: demo\nbase: { model: mlp, checkpoint: none }\ndata: { train: data/train.csv, validation: data/val.csv }\ntraining: { epochs: 20, optimizer: { lr: 0.1 } }\n";
        DiagnosticAssert.Clean(_box.Load(yaml));
    }

    [Fact]
    public void Too_few_sample_passes_are_warned_at_epochs()
    {
        // 100 rows, 20% split off for validation: 80 × 2 epochs = 160 passes.
        var result = _box.Load("name: demo\nbase: {model: mlp}\ndata: {train: data/train.csv}\ntraining:\n  epochs: 2\n");
        var d = DiagnosticAssert.Has(result, SpecErrorCodes.TooFewSamplePasses, 5, 11);
        Assert.Contains("160 sample passes", d.Message, StringComparison.Ordinal);
        Assert.NotNull(result.Spec);
    }

    [Fact]
    public void Too_many_sample_passes_are_warned_using_the_idx_header()
    {
        var images = new byte[16];
        images[2] = 8;
        images[3] = 3;
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(4), 60_000_000);
        File.WriteAllBytes(Path.Combine(_box.Root, "data", "images.idx"), images);
        File.WriteAllBytes(Path.Combine(_box.Root, "data", "labels.idx"), images[..8]);
        var yaml = "name: demo\nbase: {model: mlp}\ndata: {format: idx, train: data/images.idx, train_labels: data/labels.idx}\ntraining: {epochs: 100}\n";
        var d = DiagnosticAssert.Has(_box.Load(yaml), SpecErrorCodes.TooManySamplePasses, 4, 20);
        Assert.Contains("4,800,000,000 sample passes", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_validation_file_and_a_disabled_split_is_warned_at_the_split()
    {
        var result = _box.Load("name: demo\nbase: {model: mlp}\ndata:\n  train: data/train.csv\n  split: { validation: 0 }\ntraining: {epochs: 20}\n");
        var d = DiagnosticAssert.Has(result, SpecErrorCodes.NoValidationData, 5, 24);
        Assert.False(d.IsError);
        Assert.Equal(0, result.Spec!.Data.Split.Validation);
    }

    [Fact]
    public void Warnings_print_in_msbuild_canonical_form()
    {
        var result = _box.Load("name: demo\nbase: {model: mlp}\ndata: {train: data/train.csv}\ntraining:\n  epochs: 2\n", name: "w.yaml");
        var d = Assert.Single(result.Diagnostics);
        Assert.StartsWith($"{Path.Combine(_box.Root, "w.yaml")}(5,11): warning MLOPS101: ", d.ToString(), StringComparison.Ordinal);
    }
}
