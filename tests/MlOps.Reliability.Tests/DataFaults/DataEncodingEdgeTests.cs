using System.Globalization;
using MlOps.Reliability.Tests.Infrastructure;

namespace MlOps.Reliability.Tests.DataFaults;

/// <summary>
/// Issue 16, "Data encoding": one Infinity or 1e400 cell used to turn a numeric column categorical
/// without a word; bins on a text column and overlapping one_hot globs passed silently.
/// </summary>
public sealed class DataEncodingEdgeTests : IDisposable
{
    private readonly SampleRepo repo = new();

    private string Out => Path.Combine(repo.Root, "out");

    private static string Rows(int count, Func<int, string> row) => string.Concat(Enumerable.Range(0, count).Select(i => row(i) + "\n"));

    /// <summary>The whole file trains (a copy validates), so a bad training cell cannot fall into a seeded validation part.</summary>
    private string Spec(string csv, string sensitive = "[]", string bias = "")
    {
        repo.Write("data/train.csv", csv);
        repo.Write("data/val.csv", csv);
        return repo.Write("spec.yaml", $$"""
            name: encoding-edges
            base: { model: mlp, checkpoint: none, hidden: [4] }
            data:
              train: data/train.csv
              validation: data/val.csv
              label: label
              sensitive: {{sensitive}}
            training: { epochs: 1, batch_size: 16, threads: 1 }
            {{bias}}
            """);
    }

    [Theory]
    [InlineData("Infinity")]
    [InlineData("1e400")]
    [InlineData("-Infinity")]
    public void A_non_finite_number_in_a_numeric_column_is_an_error_naming_the_cell(string cell)
    {
        var csv = "a,b,label\n" + Rows(40, i => string.Create(CultureInfo.InvariantCulture, $"{(i == 12 ? cell : (i * 0.5).ToString(CultureInfo.InvariantCulture))},{i % 3},{(i % 2 == 0 ? "no" : "yes")}"));
        var spec = Spec(csv);

        var result = Mlops.Run(spec, Out);

        Assert.True(result.Exit == 2, result.All);
        Assert.Contains($"{Path.Combine(repo.Root, "data", "train.csv")}(14,1): error MLOPS206:", result.All, StringComparison.Ordinal);
        Assert.Contains("not a finite number", result.All, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void Bins_on_a_text_column_warn_at_the_spec_line()
    {
        var csv = "a,city,label\n" + Rows(40, i => $"{i % 7},{(i % 3 == 0 ? "Oslo" : "Rome")},{(i % 2 == 0 ? "no" : "yes")}");
        var spec = Spec(csv, sensitive: "\n    - { name: place, column: city, bins: [10] }");

        var result = Mlops.Run(spec, Out);

        Assert.True(result.Exit == 0, result.All);
        Assert.Contains($"{spec}(8,7): warning MLOPS217:", result.All, StringComparison.Ordinal);
        Assert.Contains("holds text", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_one_hot_globs_warn_at_the_spec_line()
    {
        var csv = "a,Personal.Female.Single,Personal.Male.Single,label\n" + Rows(40, i => $"{i % 7},{i % 2},{1 - (i % 2)},{(i % 3 == 0 ? "no" : "yes")}");
        var spec = Spec(csv, sensitive: "\n    - { name: sex, one_hot: { female: \"Personal.Female.*\", single: \"Personal.*.Single\" } }");

        var result = Mlops.Run(spec, Out);

        Assert.True(result.Exit == 0, result.All);
        Assert.Contains($"{spec}(8,7): warning MLOPS217:", result.All, StringComparison.Ordinal);
        Assert.Contains("column 'Personal.Female.Single' matches the one_hot globs of groups 'female', 'single'", result.All, StringComparison.Ordinal);
    }

    public void Dispose() => repo.Dispose();
}
