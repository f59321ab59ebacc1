using MlOps.Core.Data;
using MlOps.Specs.Model;
using MlOps.Tests.Shared;

namespace MlOps.Core.Tests.Data;

/// <summary>The committed sample data holds what samples/*/data/README.md says it holds.</summary>
public sealed class SampleDataTests
{
    private static readonly string Root = SourceTree.Root;

    private static string Credit(string file) => Path.Combine(Root, "samples", "credit", "data", file);

    private static string Images(string file) => Path.Combine(Root, "samples", "images", "data", file);

    [Theory]
    [InlineData("german-credit.csv", 1000, 700, 300)]
    [InlineData("pretrain.csv", 700, 490, 210)]
    [InlineData("finetune-train.csv", 150, 105, 45)]
    [InlineData("finetune-val.csv", 150, 105, 45)]
    public void Credit_files_have_the_stated_rows_and_balance(string file, int rows, int good, int bad)
    {
        var table = CsvReader.Read(Credit(file), new DataLoadOptions(), CancellationToken.None);

        Assert.Equal(62, table.Columns.Count);
        Assert.Equal(rows, table.Rows.Count);
        var label = table.IndexOf("Class");
        Assert.Equal(good, table.Rows.Count(r => r.Cells[label] == "Good"));
        Assert.Equal(bad, table.Rows.Count(r => r.Cells[label] == "Bad"));
    }

    [Fact]
    public void Credit_split_files_are_disjoint_and_cover_the_full_file()
    {
        static IEnumerable<string> Lines(string file) => File.ReadLines(Credit(file)).Skip(1);

        var parts = Lines("pretrain.csv").Concat(Lines("finetune-train.csv")).Concat(Lines("finetune-val.csv")).Order(StringComparer.Ordinal);

        Assert.Equal(Lines("german-credit.csv").Order(StringComparer.Ordinal), parts);
    }

    [Fact]
    public void Credit_fine_tune_loads_with_sex_and_age_groups_kept_out_of_the_features()
    {
        var spec = DataFixture.Spec(new DataSpec
        {
            Train = Credit("finetune-train.csv"),
            Validation = Credit("finetune-val.csv"),
            Label = "Class",
            Sensitive =
            [
                new SensitiveAttributeSpec { Name = "sex", OneHot = new Dictionary<string, string> { ["female"] = "Personal.Female.*", ["male"] = "Personal.Male.*" } },
                new SensitiveAttributeSpec { Name = "age", Column = "Age", Bins = [25] },
            ],
        });

        var loaded = DatasetLoader.Load(spec);

        Assert.Equal(["Bad", "Good"], loaded.Classes);
        Assert.Equal(62 - 1 - 5 - 1, loaded.Train.FeaturesPerSample);
        Assert.DoesNotContain(loaded.Encoder.FeatureNames, n => n.StartsWith("Personal.", StringComparison.Ordinal) || n == "Age");
        Assert.Equal(["female", "male"], loaded.Validation.Groups["sex"].Distinct().Order());
        Assert.Equal(["<25", ">=25"], loaded.Validation.Groups["age"].Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("pretrain", 6000, 1200)]
    [InlineData("original-val", 1000, 200)]
    [InlineData("finetune-train", 50, 10)]
    [InlineData("finetune-val", 1000, 200)]
    public void Fashion_subsets_have_the_stated_size_and_five_balanced_classes(string prefix, int count, int perClass)
    {
        var images = IdxReader.ReadImages(Images($"{prefix}-images-idx3-ubyte.gz"), new DataLoadOptions());
        var labels = IdxReader.ReadLabels(Images($"{prefix}-labels-idx1-ubyte.gz"));

        Assert.Equal((count, 28, 28), (images.Count, images.Rows, images.Cols));
        Assert.Equal(count, labels.Length);
        Assert.Equal([0, 1, 2, 3, 4], labels.Distinct().Order().Select(l => (int)l));
        Assert.All(labels.GroupBy(l => l), g => Assert.Equal(perClass, g.Count()));
    }

    [Fact]
    public void Fashion_fine_tune_loads_with_named_classes_and_original_task_for_forgetting()
    {
        string[] original = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat"];
        var spec = DataFixture.Spec(
            new DataSpec
            {
                Format = DataFormat.Idx,
                Train = Images("finetune-train-images-idx3-ubyte.gz"),
                TrainLabels = Images("finetune-train-labels-idx1-ubyte.gz"),
                Validation = Images("finetune-val-images-idx3-ubyte.gz"),
                ValidationLabels = Images("finetune-val-labels-idx1-ubyte.gz"),
                Classes = ["Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
            },
            forgetting: new ForgettingSpec { Data = Images("original-val-images-idx3-ubyte.gz"), Labels = Images("original-val-labels-idx1-ubyte.gz") });

        var loaded = DatasetLoader.Load(spec);
        var forgetting = DatasetLoader.LoadForgetting(spec, loaded.Encoder, original);

        Assert.Equal([1, 28, 28], loaded.Train.SampleShape);
        Assert.Equal(50 * 784, loaded.Train.Features.Length);
        Assert.Equal(0, loaded.Train.Features.Average(), 3);
        Assert.Equal(10, loaded.Datasets[0].ClassCounts["Ankle boot"]);
        Assert.Equal(1000, forgetting.Rows);
    }
}
