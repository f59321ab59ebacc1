using MlOps.Core.Data;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Data;

public sealed class SplitTests : IDisposable
{
    private readonly DataFixture _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void The_same_seed_gives_the_same_split_and_another_seed_a_different_one()
    {
        var labels = Enumerable.Range(0, 100).Select(i => i % 3 == 0 ? "a" : "b").ToList();

        var first = StratifiedSplitter.Split(labels, 0.2, seed: 7, stratify: true);
        var again = StratifiedSplitter.Split(labels, 0.2, seed: 7, stratify: true);
        var other = StratifiedSplitter.Split(labels, 0.2, seed: 8, stratify: true);

        Assert.Equal(first.Validation, again.Validation);
        Assert.NotEqual(first.Validation, other.Validation);
        Assert.Equal(100, first.Train.Length + first.Validation.Length);
        Assert.Empty(first.Train.Intersect(first.Validation));
    }

    [Fact]
    public void Each_class_keeps_its_share_on_both_sides()
    {
        // 34 'a' and 66 'b': 20 % of each goes to validation (7 and 13).
        var labels = Enumerable.Range(0, 100).Select(i => i % 3 == 0 ? "a" : "b").ToList();

        var (_, validation) = StratifiedSplitter.Split(labels, 0.2, seed: 1, stratify: true);

        Assert.Equal(7, validation.Count(i => labels[i] == "a"));
        Assert.Equal(13, validation.Count(i => labels[i] == "b"));
    }

    [Fact]
    public void A_rare_class_keeps_a_row_on_each_side()
    {
        string[] labels = [.. Enumerable.Repeat("common", 50), "rare", "rare"];

        var (train, validation) = StratifiedSplitter.Split(labels, 0.1, seed: 3, stratify: true);

        Assert.Equal(1, train.Count(i => labels[i] == "rare"));
        Assert.Equal(1, validation.Count(i => labels[i] == "rare"));
    }

    [Fact]
    public void Without_a_validation_file_the_loader_splits_and_says_so()
    {
        var rows = string.Concat(Enumerable.Range(0, 40).Select(i => $"{i},{(i % 4 == 0 ? "a" : "b")}\n"));
        var spec = DataFixture.Spec(new DataSpec { Train = _files.Write("all.csv", "x,label\n" + rows), Split = new SplitSpec { Validation = 0.2 } }, seed: 5);

        var loaded = DatasetLoader.Load(spec);
        var again = DatasetLoader.Load(spec);

        // 10 'a' and 30 'b': 2 and 6 go to validation.
        Assert.Equal(32, loaded.Train.Rows);
        Assert.Equal(8, loaded.Validation.Rows);
        Assert.Equal(again.Validation.Features, loaded.Validation.Features);
        Assert.Equal(2, loaded.Validation.Labels.Count(l => l == 0));
        Assert.Equal(["training", "validation"], loaded.Datasets.Select(d => d.Context));
        Assert.All(loaded.Datasets, d => Assert.Contains("seeded split", d.Name, StringComparison.Ordinal));
        // The encoder saw the training part only: it is centred, the validation part is not.
        Assert.Equal(0, loaded.Train.Features.Average(), 5);
        Assert.NotEqual(0, loaded.Validation.Features.Average(), 2);
    }
}
