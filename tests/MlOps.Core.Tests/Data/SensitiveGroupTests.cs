using MlOps.Contracts.Diagnostics;
using MlOps.Core.Data;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Data;

public sealed class SensitiveGroupTests : IDisposable
{
    private readonly DataFixture _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void One_hot_columns_give_the_hot_group_and_missing_when_none_is_hot()
    {
        var data = new DataSpec
        {
            Train = _files.Write("t.csv", "x,P.Female.Single,P.Male.Single,P.Male.Married,label\n1,1,0,0,a\n2,0,0,1,b\n3,0,0,0,a\n4,0,1,0,b\n"),
            Validation = _files.Write("v.csv", "x,P.Female.Single,P.Male.Single,P.Male.Married,label\n1,0,1,0,a\n"),
            Sensitive = [new SensitiveAttributeSpec { Name = "sex", OneHot = new Dictionary<string, string> { ["female"] = "P.Female.*", ["male"] = "P.Male.*" }, Missing = SensitiveMissingPolicy.Group }],
        };

        var loaded = DatasetLoader.Load(DataFixture.Spec(data));

        Assert.Equal(["female", "male", "(missing)", "male"], loaded.Train.Groups["sex"]);
        Assert.Equal(["male"], loaded.Validation.Groups["sex"]);
        Assert.Equal(["x"], loaded.Encoder.FeatureNames);
    }

    [Theory]
    [InlineData(10, "<25")]
    [InlineData(25, "[25,60)")]
    [InlineData(59.5, "[25,60)")]
    [InlineData(60, ">=60")]
    public void Bins_are_upper_exclusive_and_named_by_their_cut_points(double value, string group)
    {
        Assert.Equal(group, SensitiveGroups.BinName([25, 60], value));
    }

    [Fact]
    public void A_missing_sensitive_value_is_an_error_naming_the_cell_by_default()
    {
        var data = new DataSpec
        {
            Train = _files.Write("t.csv", "x,race,label\n1,unknown,a\n2,w,b\n3,,a\n"),
            Validation = _files.Write("v.csv", "x,race,label\n1,w,a\n"),
            Sensitive = [new SensitiveAttributeSpec { Name = "race" }],
        };

        var e = Assert.Throws<MlOpsException>(() => DatasetLoader.Load(DataFixture.Spec(data)));

        Assert.Equal(DataErrorCodes.MissingValue, e.Diagnostics[0].Code);
        Assert.Equal((4, 2), (e.Diagnostics[0].Location.Line, e.Diagnostics[0].Location.Column));
    }

    [Fact]
    public void Missing_group_is_its_own_group_apart_from_a_literal_unknown()
    {
        var data = new DataSpec
        {
            Train = _files.Write("t.csv", "x,race,label\n1,,a\n2,unknown,b\n"),
            Validation = _files.Write("v.csv", "x,race,label\n1,NA,a\n"),
            Sensitive = [new SensitiveAttributeSpec { Name = "race", Missing = SensitiveMissingPolicy.Group }],
        };

        var loaded = DatasetLoader.Load(DataFixture.Spec(data));

        Assert.Equal(["(missing)", "unknown"], loaded.Train.Groups["race"]);
        Assert.Equal(["(missing)"], loaded.Validation.Groups["race"]);
    }

    [Fact]
    public void Missing_drop_marks_the_row_so_no_literal_can_equal_it()
    {
        var data = new DataSpec
        {
            Train = _files.Write("t.csv", "x,age,label\n1,,a\n2,30,b\n3,(dropped),a\n"),
            Validation = _files.Write("v.csv", "x,age,label\n1,20,a\n"),
            Sensitive = [new SensitiveAttributeSpec { Name = "age", Missing = SensitiveMissingPolicy.Drop }],
        };

        var loaded = DatasetLoader.Load(DataFixture.Spec(data));

        Assert.Same(SensitiveGroups.Dropped, loaded.Train.Groups["age"][0]);
        Assert.NotSame(SensitiveGroups.Dropped, loaded.Train.Groups["age"][2]);
        Assert.Equal(SensitiveGroups.Dropped, loaded.Train.Groups["age"][2]); // same text, still a real group
    }
}
