using System.Text.Json;
using MlOps.Mlflow.Models;

namespace MlOps.Mlflow.Tests.Models;

/// <summary>
/// The YAML writer against PyYAML 6.0's own <c>safe_dump(default_flow_style=False)</c> of the same
/// values (Data/pyyaml-cases.json dumped to Data/pyyaml-cases.yaml by MLflow 3.6's Python): quoting,
/// folding past column 80, floats, empty collections, lists of mappings.
/// </summary>
public sealed class PyYamlWriterTests
{
    private static string Data(string file) => Path.Combine(AppContext.BaseDirectory, "Models", "Data", file);

    [Fact]
    public void Writes_what_PyYAML_wrote_for_the_same_values()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Data("pyyaml-cases.json")));
        var document = (IReadOnlyDictionary<string, object?>)Tree(json.RootElement)!;

        var written = PyYamlWriter.Write(document);

        var expected = File.ReadAllLines(Data("pyyaml-cases.yaml"));
        var actual = written.TrimEnd('\n').Split('\n');
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(123456789.123, "123456789.123")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(5.1, "5.1")]
    [InlineData(-2.5e-300, "-2.5e-300")]
    public void Floats_are_Python_repr(double value, string repr) => Assert.Equal(repr, PythonRepr.Float(value));

    [Fact]
    public void Non_ascii_text_is_double_quoted_with_escapes()
    {
        var yaml = PyYamlWriter.Write(new Dictionary<string, object?> { ["name"] = "café ☕" });
        Assert.Equal("name: \"caf\\xE9 \\u2615\"\n", yaml);
    }

    private static object? Tree(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => Tree(p.Value)) as IReadOnlyDictionary<string, object?>,
        JsonValueKind.Array => e.EnumerateArray().Select(Tree).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        JsonValueKind.Number when e.TryGetInt64(out var l) && !e.GetRawText().Contains('.', StringComparison.Ordinal) && !e.GetRawText().Contains('e', StringComparison.OrdinalIgnoreCase) => l,
        _ => e.GetDouble(),
    };
}
