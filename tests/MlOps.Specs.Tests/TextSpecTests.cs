using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Specs;
using MlOps.Tests.Shared;

namespace MlOps.Specs.Tests;

/// <summary>data.text, data.max_length and data.tokenizer in a spec.</summary>
public sealed class TextSpecTests : IDisposable
{
    private readonly SpecSandbox sandbox = new();

    public TextSpecTests() => sandbox.Write("tok/vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\n");

    public void Dispose() => sandbox.Dispose();

    private SpecLoadResult Load(string dataLines) => sandbox.Load($"""
        name: t
        base: {"{"} model: mlp, checkpoint: none {"}"}
        data:
          train: data/train.csv
        {dataLines}
        """);

    [Fact]
    public void Text_max_length_and_a_tokenizer_folder_bind()
    {
        var result = Load("  text: x1\n  max_length: 64\n  tokenizer: tok");

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics.Select(d => d.Message)));
        var data = result.Spec!.Data;
        Assert.Equal(("x1", 64, Path.Combine(sandbox.Root, "tok")), (data.Text, data.MaxLength, data.Tokenizer));
        Assert.Equal((5, 9), (data.TextLocation!.Line, data.TextLocation.Column));
    }

    [Fact]
    public void Max_length_defaults_to_128_and_the_tokenizer_to_none()
    {
        var data = Load("  text: x1").Spec!.Data;

        Assert.Equal((128, null), (data.MaxLength, data.Tokenizer));
    }

    [Theory]
    [InlineData("  text: x1\n  max_length: 4", "MLOPS015", 6)]
    [InlineData("  text: x1\n  max_length: 5000", "MLOPS015", 6)]
    [InlineData("  text: x1\n  tokenizer: nowhere", "MLOPS020", 6)]
    [InlineData("  max_length: 64", "MLOPS018", 5)]
    public void Bad_text_settings_are_errors_at_their_line(string lines, string code, int line)
    {
        var error = Assert.Single(Load(lines).Diagnostics, d => d.Severity == DiagnosticSeverity.Error);

        Assert.Equal(code, error.Code);
        Assert.Equal(line, error.Location.Line);
    }
}
