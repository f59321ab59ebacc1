using MlOps.Tool.Runner;

namespace MlOps.Tool.Tests;

/// <summary>The tool reads --torch-backend itself and passes every other argument of `run` through unchanged.</summary>
public sealed class ToolRunOptionsTests
{
    private static ToolEnvironment Environment(params (string Name, string Value)[] variables) =>
        new(Path.GetTempPath(), name => variables.FirstOrDefault(v => v.Name == name).Value);

    [Fact]
    public void The_backend_option_is_taken_out_in_either_spelling_and_the_rest_keeps_its_order()
    {
        var (spaced, _) = ToolRunOptions.Parse(["specs/a.yaml", "--torch-backend", "cuda", "--reuse"], Environment());
        var (joined, _) = ToolRunOptions.Parse(["--torch-backend=cuda", "specs/a.yaml", "--reuse"], Environment());

        Assert.Equal("cuda", spaced!.Backend);
        Assert.Equal(["specs/a.yaml", "--reuse"], spaced.RunArguments);
        Assert.Equal("cuda", joined!.Backend);
        Assert.Equal(["specs/a.yaml", "--reuse"], joined.RunArguments);
    }

    [Fact]
    public void Without_the_option_the_environment_decides_else_cpu()
    {
        Assert.Equal("cpu", ToolRunOptions.Parse(["a.yaml"], Environment()).Options!.Backend);
        Assert.Equal("cuda", ToolRunOptions.Parse(["a.yaml"], Environment(("MLOPS_TORCH_BACKEND", "cuda"))).Options!.Backend);
        Assert.Equal("cpu", ToolRunOptions.Parse(["a.yaml", "--torch-backend", "cpu"], Environment(("MLOPS_TORCH_BACKEND", "cuda"))).Options!.Backend);
        Assert.Equal("2.9.1", ToolRunOptions.Parse(["a.yaml"], Environment(("MLOPS_LIBTORCH_VERSION", "2.9.1"))).Options!.LibTorchVersion);
    }

    [Fact]
    public void The_option_without_a_value_is_an_error()
    {
        var (options, error) = ToolRunOptions.Parse(["a.yaml", "--torch-backend"], Environment());

        Assert.Null(options);
        Assert.Contains("--torch-backend needs a value", error, StringComparison.Ordinal);
    }
}
