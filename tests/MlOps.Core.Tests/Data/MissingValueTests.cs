using MlOps.Contracts.Diagnostics;
using MlOps.Core.Data;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Data;

public sealed class MissingValueTests : IDisposable
{
    private const string Train = "x,city,label\n1,Bonn,a\n,Bonn,b\n3,NA,a\n5,Koeln,b\n";
    private const string Validation = "x,city,label\nNaN,Bonn,a\n5,,b\n";
    private readonly DataFixture _files = new();

    public void Dispose() => _files.Dispose();

    private LoadedData Load(MissingValuePolicy policy, string train = Train, string validation = Validation) =>
        DatasetLoader.Load(DataFixture.Spec(new DataSpec
        {
            Train = _files.Write("train.csv", train),
            Validation = _files.Write("val.csv", validation),
            Missing = policy,
        }));

    [Fact]
    public void Policy_error_names_file_row_and_column()
    {
        var error = Assert.Throws<MlOpsException>(() => Load(MissingValuePolicy.Error));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(DataErrorCodes.MissingValue, diagnostic.Code);
        Assert.EndsWith("train.csv", diagnostic.Location.File, StringComparison.Ordinal);
        Assert.Equal(3, diagnostic.Location.Line);
        Assert.Equal(1, diagnostic.Location.Column);
        Assert.Contains("'x'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Policy_drop_leaves_out_and_counts_incomplete_rows()
    {
        var loaded = Load(MissingValuePolicy.Drop, validation: "x,city,label\nNaN,Bonn,a\n5,Bonn,b\n2,Koeln,a\n");

        Assert.Equal(2, loaded.Train.Rows);
        Assert.Equal(2, loaded.Train.DroppedRows);
        Assert.Equal(2, loaded.Validation.Rows);
        Assert.Equal(1, loaded.Validation.DroppedRows);
        // Statistics come from the kept rows only: mean of 1 and 5.
        Assert.Equal(3, loaded.Encoder.Columns[0].Mean);
    }

    [Fact]
    public void Policy_impute_uses_training_mean_and_most_frequent_value()
    {
        var loaded = Load(MissingValuePolicy.Impute);

        var x = loaded.Encoder.Columns[0];
        Assert.Equal(3, x.Mean);
        Assert.Equal("Bonn", loaded.Encoder.Columns[1].Fill);
        // Validation row 1: x imputed with the mean → 0 after standardising; row 2: city imputed → Bonn.
        Assert.Equal(0f, loaded.Validation.Features[0]);
        Assert.Equal(["city=Bonn", "city=Koeln"], loaded.Encoder.FeatureNames.Skip(1));
        Assert.Equal([1f, 0f], loaded.Validation.Features.Skip(4).Take(2));
        Assert.Equal(4, loaded.Train.Rows);
    }

    [Fact]
    public void A_missing_label_is_never_imputed()
    {
        var error = Assert.Throws<MlOpsException>(() => Load(MissingValuePolicy.Impute, train: "x,label\n1,a\n2,\n3,b\n", validation: "x,label\n1,a\n"));

        Assert.Equal(DataErrorCodes.MissingValue, error.Diagnostics[0].Code);
        Assert.Equal(3, error.Diagnostics[0].Location.Line);
        Assert.Contains("label", error.Diagnostics[0].Message, StringComparison.Ordinal);
    }
}
