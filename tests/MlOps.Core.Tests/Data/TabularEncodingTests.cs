using MlOps.Core.Data;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Data;

public sealed class TabularEncodingTests : IDisposable
{
    private readonly DataFixture _files = new();

    public void Dispose() => _files.Dispose();

    private LoadedData Load(string train, string validation, Func<DataSpec, DataSpec>? configure = null)
    {
        var data = new DataSpec { Train = _files.Write("train.csv", train), Validation = _files.Write("val.csv", validation) };
        return DatasetLoader.Load(DataFixture.Spec(configure is null ? data : configure(data)));
    }

    private static float[] Column(EncodedSplit split, int feature) =>
        [.. Enumerable.Range(0, split.Rows).Select(r => split.Features[(r * split.FeaturesPerSample) + feature])];

    [Fact]
    public void Numeric_columns_are_standardised_with_training_statistics_only()
    {
        var loaded = Load("x,label\n1,a\n3,b\n5,a\n7,b\n", "x,label\n10,a\n12,b\n");

        // Training mean 4, population std √5: training becomes mean 0 / std 1, validation does not.
        var train = Column(loaded.Train, 0);
        Assert.Equal(0, train.Average(), 5);
        Assert.Equal(1, Math.Sqrt(train.Average(v => v * v)), 5);
        Assert.Equal([(float)(6 / Math.Sqrt(5)), (float)(8 / Math.Sqrt(5))], Column(loaded.Validation, 0));
        Assert.NotEqual(0, Column(loaded.Validation, 0).Average(), 1);
    }

    [Fact]
    public void A_constant_column_keeps_std_one_instead_of_dividing_by_zero()
    {
        var loaded = Load("x,y,label\n2,1,a\n2,2,b\n", "x,y,label\n5,1,a\n");

        Assert.Equal(1, loaded.Encoder.Columns[0].Std);
        Assert.Equal(3f, loaded.Validation.Features[0]);
    }

    [Fact]
    public void One_hot_vocabulary_comes_from_training_and_unseen_categories_are_all_zeros()
    {
        var loaded = Load("city,label\nBonn,a\nAachen,b\nBonn,b\n", "city,label\nKoeln,a\nAachen,b\n");

        Assert.Equal(["city=Aachen", "city=Bonn"], loaded.Encoder.FeatureNames);
        Assert.Equal([0f, 0f, 1f, 0f], loaded.Validation.Features);
        Assert.Equal(1, loaded.Validation.UnseenCategoryValues);
        Assert.Equal([0f, 1f, 1f, 0f, 0f, 1f], loaded.Train.Features);
    }

    [Fact]
    public void Columns_listed_as_categorical_are_one_hot_even_when_numeric()
    {
        var loaded = Load("zip,label\n53111,a\n50667,b\n", "zip,label\n53111,a\n", d => d with { Categorical = ["zip"] });

        Assert.Equal(["zip=50667", "zip=53111"], loaded.Encoder.FeatureNames);
    }

    [Fact]
    public void Sensitive_columns_are_not_features_unless_use_as_feature()
    {
        const string train = "Age,sex,income,label\n20,f,1,a\n30,m,2,b\n40,f,3,a\n50,m,4,b\n";
        const string validation = "Age,sex,income,label\n22,m,1,a\n60,f,2,b\n";
        SensitiveAttributeSpec[] sensitive = [new() { Name = "sex" }, new() { Name = "age", Column = "Age", Bins = [25] }];

        var hidden = Load(train, validation, d => d with { Sensitive = sensitive });
        var used = Load(train, validation, d => d with { Sensitive = [sensitive[0] with { UseAsFeature = true }, sensitive[1]] });

        Assert.Equal(["income"], hidden.Encoder.FeatureNames);
        Assert.Equal([1], hidden.Train.SampleShape);
        Assert.Equal(["m", "f"], hidden.Validation.Groups["sex"]);
        Assert.Equal(["<25", ">=25"], hidden.Validation.Groups["age"]);
        Assert.Equal(["sex=f", "sex=m", "income"], used.Encoder.FeatureNames);
    }

    [Fact]
    public void Include_and_exclude_globs_pick_the_features()
    {
        var loaded = Load("f.a,f.b,g.a,id,label\n1,2,3,4,a\n5,6,7,8,b\n", "f.a,f.b,g.a,id,label\n1,2,3,4,a\n",
            d => d with { Include = ["f.*", "g.?"], Exclude = ["f.b"] });

        Assert.Equal(["f.a", "g.a"], loaded.Encoder.FeatureNames);
    }

    [Fact]
    public void Validation_columns_may_come_in_another_order()
    {
        var loaded = Load("x,city,label\n1,Bonn,a\n3,Koeln,b\n", "label,city,x\nb,Koeln,5\n");

        Assert.Equal([1L], loaded.Validation.Labels);
        Assert.Equal([3f, 0f, 1f], loaded.Validation.Features);
    }

    [Fact]
    public void Classes_default_to_sorted_training_labels_and_index_them()
    {
        var loaded = Load("x,label\n1,good\n2,bad\n3,good\n", "x,label\n1,bad\n");

        Assert.Equal(["bad", "good"], loaded.Classes);
        Assert.Equal([1L, 0L, 1L], loaded.Train.Labels);
        Assert.Equal([0L], loaded.Validation.Labels);
    }

    [Fact]
    public void Given_classes_fix_the_order()
    {
        var loaded = Load("x,label\n1,good\n2,bad\n", "x,label\n1,bad\n", d => d with { Classes = ["good", "bad"] });

        Assert.Equal([0L, 1L], loaded.Train.Labels);
    }

    [Fact]
    public void Jsonl_loads_like_csv()
    {
        var data = new DataSpec
        {
            Format = DataFormat.Jsonl,
            Train = _files.Write("train.jsonl", "{\"x\": 1, \"ok\": true, \"label\": \"a\"}\n{\"x\": 3, \"ok\": false, \"label\": \"b\"}\n"),
            Validation = _files.Write("val.jsonl", "{\"x\": 2, \"ok\": true, \"label\": \"b\"}\n"),
        };

        var loaded = DatasetLoader.Load(DataFixture.Spec(data));

        Assert.Equal(["x", "ok=false", "ok=true"], loaded.Encoder.FeatureNames);
        Assert.Equal([0f, 0f, 1f], loaded.Validation.Features);
    }
}
