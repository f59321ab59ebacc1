using MlOps.Mlflow.FileStore;

namespace MlOps.Mlflow.Tests.FileStore;

public sealed class FormattingTests
{
    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.5, "0.5")]
    [InlineData(1.0 / 3, "0.3333333333333333")]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(42.0, "42.0")]
    public void Metric_values_are_written_as_python_repr(double value, string expected)
    {
        Assert.Equal(expected, PythonFloat.Format(value));
        Assert.Equal(value, PythonFloat.Parse(expected));
    }

    [Theory]
    [InlineData("0", "'0'")]
    [InlineData("", "''")]
    [InlineData("Default", "Default")]
    [InlineData("true", "'true'")]
    [InlineData("null", "'null'")]
    [InlineData("mlflow-artifacts:/0", "mlflow-artifacts:/0")]
    [InlineData("a: b", "'a: b'")]
    [InlineData("it's", "it's")]
    [InlineData("'quoted'", "'''quoted'''")]
    public void Yaml_strings_are_quoted_only_when_pyyaml_would(string value, string expected)
    {
        Assert.Equal(expected, MetaYaml.Scalar(value));
        Assert.Equal(value, MetaYaml.Read($"k: {expected}\n")["k"]);
    }
}
