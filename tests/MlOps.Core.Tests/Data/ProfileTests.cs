using System.Security.Cryptography;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Data;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Data;

public sealed class ProfileTests : IDisposable
{
    private readonly DataFixture _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Each_file_is_described_by_its_sha256_rows_columns_balance_and_schema()
    {
        var train = _files.Write("train.csv", "x,city,sex,label\n1,Bonn,f,a\n2,Koeln,m,b\n3,Bonn,f,b\n");
        var validation = _files.Write("val.csv", "x,city,sex,label\n1,Bonn,m,a\n");
        var data = new DataSpec { Train = train, Validation = validation, Sensitive = [new SensitiveAttributeSpec { Name = "sex" }] };

        var loaded = DatasetLoader.Load(DataFixture.Spec(data));

        var info = loaded.Datasets[0];
        Assert.Equal(("train.csv", "training", train), (info.Name, info.Context, info.Path));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(train))), info.Sha256);
        Assert.Equal((3, 4), (info.Rows, info.Columns));
        Assert.Equal(1, info.ClassCounts["a"]);
        Assert.Equal(2, info.ClassCounts["b"]);
        Assert.Equal(["x:numeric", "city:categorical", "sex:sensitive", "label:label"], info.Schema);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(validation))), loaded.Datasets[1].Sha256);
        Assert.Equal("validation", loaded.Datasets[1].Context);
    }

    [Fact]
    public void Encoder_json_round_trips_and_a_fine_tune_reuses_the_layout()
    {
        var pretrain = DatasetLoader.Load(DataFixture.Spec(new DataSpec
        {
            Train = _files.Write("pre.csv", "x,city,label\n1,Bonn,a\n3,Koeln,b\n"),
            Validation = _files.Write("pre-val.csv", "x,city,label\n2,Bonn,a\n"),
        }));
        var restored = FeatureEncoder.FromJson(pretrain.Encoder.ToJson());
        Assert.Equal(pretrain.Encoder.Columns, restored.Columns, new ColumnComparer());
        Assert.Equal(pretrain.Encoder.FeatureNames, restored.FeatureNames);

        // Fine-tune data with other statistics and an extra category: the pretraining layout wins.
        var fineTune = DatasetLoader.Load(DataFixture.Spec(new DataSpec
        {
            Train = _files.Write("ft.csv", "x,city,label\n10,Aachen,x\n20,Bonn,y\n"),
            Validation = _files.Write("ft-val.csv", "x,city,label\n10,Bonn,x\n"),
        }), restored);

        Assert.Equal(["x", "city=Bonn", "city=Koeln"], fineTune.Encoder.FeatureNames);
        Assert.Equal((10f - 2f) / 1f, fineTune.Train.Features[0]);
        Assert.Equal(1, fineTune.Train.UnseenCategoryValues);
        Assert.Equal(["x", "y"], fineTune.Classes);
    }

    [Fact]
    public void An_image_encoder_round_trips_its_shape_and_pixel_statistics()
    {
        var restored = FeatureEncoder.FromJson(FeatureEncoder.Image(1, 28, 28, 0.2860, 0.3530).ToJson());

        Assert.True(restored.IsImage);
        Assert.Equal([1, 28, 28], restored.SampleShape);
        Assert.Equal((0.2860, 0.3530), (restored.PixelMean, restored.PixelStd));
        Assert.Equal(784, restored.FeatureNames.Count);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"kind\": \"audio\"}")]
    [InlineData("{\"kind\": \"tabular\", \"columns\": [{\"name\": \"x\", \"kind\": \"numeric\", \"mean\": 0, \"std\": 0}]}")]
    public void A_broken_encoder_json_is_a_clear_error(string json)
    {
        var error = Assert.Throws<MlOps.Contracts.Diagnostics.MlOpsException>(() => FeatureEncoder.FromJson(json));

        Assert.Equal(DataErrorCodes.EncoderMismatch, error.Diagnostics[0].Code);
    }

    [Fact]
    public void A_fine_tune_without_the_base_models_columns_is_refused()
    {
        var encoder = FeatureEncoder.Tabular([new ColumnEncoding("income", FeatureKind.Numeric, 0, 1, [], null)]);
        var spec = DataFixture.Spec(new DataSpec { Train = _files.Write("t.csv", "x,label\n1,a\n2,b\n"), Validation = _files.Write("v.csv", "x,label\n1,a\n") });

        var error = Assert.Throws<MlOps.Contracts.Diagnostics.MlOpsException>(() => DatasetLoader.Load(spec, encoder));

        Assert.Equal(DataErrorCodes.ColumnMismatch, error.Diagnostics[0].Code);
        Assert.Contains("income", error.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    private sealed class ColumnComparer : IEqualityComparer<ColumnEncoding>
    {
        public bool Equals(ColumnEncoding? x, ColumnEncoding? y) =>
            x is not null && y is not null && x.Name == y.Name && x.Kind == y.Kind && x.Mean == y.Mean && x.Std == y.Std && x.Fill == y.Fill && x.Vocabulary.SequenceEqual(y.Vocabulary);

        public int GetHashCode(ColumnEncoding obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
