using MlOps.Build.UpToDate;

namespace MlOps.Build.Tests.UpToDate;

public sealed class MsBuildEscapingTests
{
    [Theory]
    [InlineData("/data/train.csv", "/data/train.csv")]
    [InlineData("a;b", "a%3Bb")]
    [InlineData("100%", "100%25")]
    [InlineData("$(x)@(y)'*?", "%24%28x%29%40%28y%29%27%2A%3F")]
    public void Characters_MSBuild_would_interpret_are_percent_escaped(string value, string escaped) =>
        Assert.Equal(escaped, MsBuildEscaping.Escape(value));
}
