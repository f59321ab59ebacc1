using MlOps.Core.Data;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Data;

public sealed class SensitiveGroupTests : IDisposable
{
    private readonly DataFixture _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void One_hot_columns_give_the_hot_group_and_unknown_when_none_is_hot()
    {
        var data = new DataSpec
        {
            Train = _files.Write("t.csv", "x,P.Female.Single,P.Male.Single,P.Male.Married,label\n1,1,0,0,a\n2,0,0,1,b\n3,0,0,0,a\n4,0,1,0,b\n"),
            Validation = _files.Write("v.csv", "x,P.Female.Single,P.Male.Single,P.Male.Married,label\n1,0,1,0,a\n"),
            Sensitive = [new SensitiveAttributeSpec { Name = "sex", OneHot = new Dictionary<string, string> { ["female"] = "P.Female.*", ["male"] = "P.Male.*" } }],
        };

        var loaded = DatasetLoader.Load(DataFixture.Spec(data));

        Assert.Equal(["female", "male", "unknown", "male"], loaded.Train.Groups["sex"]);
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
    public void A_missing_sensitive_value_is_its_own_unknown_group()
    {
        var data = new DataSpec
        {
            Train = _files.Write("t.csv", "x,race,label\n1,,a\n2,w,b\n"),
            Validation = _files.Write("v.csv", "x,race,label\n1,NA,a\n"),
            Sensitive = [new SensitiveAttributeSpec { Name = "race" }],
        };

        var loaded = DatasetLoader.Load(DataFixture.Spec(data));

        Assert.Equal(["unknown", "w"], loaded.Train.Groups["race"]);
        Assert.Equal(["unknown"], loaded.Validation.Groups["race"]);
    }
}
