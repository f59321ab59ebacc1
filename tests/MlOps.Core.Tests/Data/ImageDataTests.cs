using MlOps.Contracts.Diagnostics;
using MlOps.Core.Data;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Data;

public sealed class ImageDataTests : IDisposable
{
    private readonly DataFixture _files = new();

    public void Dispose() => _files.Dispose();

    private DataSpec Images(byte[] trainPixels, byte[] trainLabels, byte[] valPixels, byte[] valLabels) => new()
    {
        Format = DataFormat.Idx,
        Train = _files.WriteIdx("train-images.gz", 0x0803, [trainLabels.Length, 1, 2], trainPixels, gzip: true),
        TrainLabels = _files.WriteIdx("train-labels.gz", 0x0801, [trainLabels.Length], trainLabels, gzip: true),
        Validation = _files.WriteIdx("val-images", 0x0803, [valLabels.Length, 1, 2], valPixels, gzip: false),
        ValidationLabels = _files.WriteIdx("val-labels", 0x0801, [valLabels.Length], valLabels, gzip: false),
    };

    [Fact]
    public void Pixels_are_scaled_then_normalised_with_the_training_mean_and_std()
    {
        // Training pixels/255: 0, 1, 0, 1 → mean 0.5, std 0.5.
        var loaded = DatasetLoader.Load(DataFixture.Spec(Images([0, 255, 0, 255], [0, 1], [255, 255], [1])));

        Assert.Equal([1, 1, 2], loaded.Train.SampleShape);
        Assert.Equal(0.5, loaded.Encoder.PixelMean, 6);
        Assert.Equal(0.5, loaded.Encoder.PixelStd, 6);
        Assert.Equal([-1f, 1f, -1f, 1f], loaded.Train.Features);
        Assert.Equal([1f, 1f], loaded.Validation.Features);
        Assert.Equal(["0", "1"], loaded.Classes);
        Assert.Equal(4, loaded.Datasets.Count);
    }

    [Fact]
    public void Numeric_labels_map_to_the_spec_classes()
    {
        var data = Images([0, 1, 2, 3], [1, 0], [0, 0], [1]) with { Classes = ["cat", "dog"] };

        var loaded = DatasetLoader.Load(DataFixture.Spec(data));

        Assert.Equal(["cat", "dog"], loaded.Classes);
        Assert.Equal([1L, 0L], loaded.Train.Labels);
        Assert.Equal(1, loaded.Datasets[0].ClassCounts["dog"]);
    }

    [Fact]
    public void A_label_beyond_the_class_list_names_its_item()
    {
        var data = Images([0, 1, 2, 3], [1, 0], [0, 0], [2]) with { Classes = ["cat", "dog"] };

        var error = Assert.Throws<MlOpsException>(() => DatasetLoader.Load(DataFixture.Spec(data)));

        Assert.Equal(DataErrorCodes.UnseenLabel, error.Diagnostics[0].Code);
        Assert.Equal(1, error.Diagnostics[0].Location.Line);
        Assert.EndsWith("val-labels", error.Diagnostics[0].Location.File, StringComparison.Ordinal);
    }

    [Fact]
    public void Sensitive_attributes_on_images_are_refused_rather_than_ignored()
    {
        var data = Images([0, 1, 2, 3], [1, 0], [0, 0], [1]) with { Sensitive = [new SensitiveAttributeSpec { Name = "sex" }] };

        var error = Assert.Throws<MlOpsException>(() => DatasetLoader.Load(DataFixture.Spec(data)));

        Assert.Equal(DataErrorCodes.BadSetting, error.Diagnostics[0].Code);
    }

    [Fact]
    public void Images_and_labels_of_different_counts_are_refused()
    {
        var data = Images([0, 1, 2, 3], [1, 0], [0, 0], [1]) with { ValidationLabels = _files.WriteIdx("two-labels", 0x0801, [2], [0, 1], gzip: false) };

        var error = Assert.Throws<MlOpsException>(() => DatasetLoader.Load(DataFixture.Spec(data)));

        Assert.Equal(DataErrorCodes.LabelsMismatch, error.Diagnostics[0].Code);
    }

    [Fact]
    public void Forgetting_data_is_encoded_with_the_given_encoder_and_classes()
    {
        var forgetting = new ForgettingSpec
        {
            Data = _files.WriteIdx("orig-images", 0x0803, [1, 1, 2], [255, 0], gzip: false),
            Labels = _files.WriteIdx("orig-labels", 0x0801, [1], [2], gzip: false),
        };
        var encoder = FeatureEncoder.Image(1, 1, 2, 0.5, 0.25);

        var split = DatasetLoader.LoadForgetting(DataFixture.Spec(Images([0, 1, 2, 3], [1, 0], [0, 0], [1]), forgetting: forgetting), encoder, ["a", "b", "c"]);

        Assert.Equal("forgetting", split.Name);
        Assert.Equal([2L], split.Labels);
        Assert.Equal([2f, -2f], split.Features);
    }
}
