using System.Globalization;
using MlOps.Core.Data;
using MlOps.Specs.Fingerprint;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Data;

/// <summary>Issue 17, item 3: the test split as the data stage loads it, and as the fingerprint sees it.</summary>
public sealed class TestSplitDataTests : IDisposable
{
    private readonly DataFixture _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>x: the row number (so rows can be told apart); y: two classes, 40 and 60 rows.</summary>
    private string Train(int rows = 100) => _files.Write("train.csv", "x,label\n" + string.Concat(Enumerable.Range(0, rows).Select(i =>
        string.Create(CultureInfo.InvariantCulture, $"{i},{(i % 5 < 2 ? "a" : "b")}\n"))));

    [Fact]
    public void Split_test_is_cut_first_and_validation_keeps_its_share_of_the_whole_file()
    {
        var spec = DataFixture.Spec(new DataSpec { Train = Train(), Split = new SplitSpec { Validation = 0.2, Test = 0.2 } });

        var data = DatasetLoader.Load(spec);

        Assert.Equal((60, 20, 20), (data.Train.Rows, data.Validation.Rows, data.Test!.Rows));
        Assert.Equal(8, data.Test.Labels.Count(l => l == 0)); // stratified: 20 % of the 40 'a' rows
        var lines = new[] { data.Train, data.Validation, data.Test }.SelectMany(s => s.SourceLines!).ToList();
        Assert.Equal(100, lines.Distinct().Count()); // no row in two splits
        Assert.Contains(data.Datasets, d => d.Context == "test" && d.Rows == 20);
    }

    [Fact]
    public void Without_a_test_split_the_data_has_none_and_the_validation_split_is_unchanged()
    {
        var train = Train();
        var without = DatasetLoader.Load(DataFixture.Spec(new DataSpec { Train = train }));

        Assert.Null(without.Test);
        Assert.Equal((80, 20), (without.Train.Rows, without.Validation.Rows));
        Assert.Equal("validation", DataFixture.Spec(new DataSpec { Train = train }).Data.JudgedSplit);
    }

    [Fact]
    public void A_test_file_is_encoded_with_the_training_statistics_and_counts_its_dropped_rows()
    {
        var test = _files.Write("test.csv", "x,label\n1000,a\n,b\n0,b\n");
        var spec = DataFixture.Spec(new DataSpec { Train = Train(), Test = test, Missing = MissingValuePolicy.Drop });

        var data = DatasetLoader.Load(spec);

        Assert.Equal(2, data.Test!.Rows);
        Assert.Equal(1, data.Test.DroppedRows);
        Assert.Equal([2, 4], data.Test.SourceLines!);
        Assert.True(data.Test.Features[0] > 2, "1000 is far above the training mean, scaled by the training std");
        Assert.Equal("test", spec.Data.JudgedSplit);
    }

    [Fact]
    public void The_fingerprint_covers_the_test_file()
    {
        var train = Train();
        var test = _files.Write("test.csv", "x,label\n1,a\n2,b\n");
        var without = SpecFingerprint.Compute(DataFixture.Spec(new DataSpec { Train = train }), "cpu");
        var spec = DataFixture.Spec(new DataSpec { Train = train, Test = test });
        var before = SpecFingerprint.Compute(spec, "cpu");

        File.AppendAllText(test, "3,b\n");
        var after = SpecFingerprint.Compute(spec, "cpu");

        Assert.Contains(test, SpecFingerprint.InputFiles(spec));
        Assert.NotEqual(without, before);
        Assert.NotEqual(before, after);
    }
}
