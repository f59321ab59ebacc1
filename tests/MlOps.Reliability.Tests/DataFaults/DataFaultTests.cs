using System.Globalization;
using System.Text;
using MlOps.Reliability.Tests.Infrastructure;

namespace MlOps.Reliability.Tests.DataFaults;

/// <summary>Broken data through `mlops run`: exit 2 and one error that names the file, the row and the column.</summary>
public sealed class DataFaultTests : IDisposable
{
    private readonly SampleRepo repo = new();

    private static string Rows(int count, Func<int, string> row) =>
        string.Concat(Enumerable.Range(0, count).Select(i => row(i) + "\n"));

    private static string Good(int i) => string.Create(CultureInfo.InvariantCulture, $"{i % 2 * 2 + i % 7 / 10.0},{i % 5},{(i % 2 == 1 ? "yes" : "no")}");

    private Mlops.Result Run(string train, string? validation = null, string extraData = "")
    {
        repo.Write("data/train.csv", train);
        var validationLine = "split: { validation: 0.25 }";
        if (validation is not null)
        {
            repo.Write("data/val.csv", validation);
            validationLine = "validation: data/val.csv";
        }
        var spec = repo.Write("spec.yaml", $$"""
            name: data-fault
            base: { model: mlp, checkpoint: none, hidden: [4] }
            data: { train: data/train.csv, {{validationLine}}, label: label{{extraData}} }
            training: { epochs: 2, batch_size: 16, threads: 1 }
            """);
        return Mlops.Run(spec, Path.Combine(repo.Root, "out"));
    }

    private void AssertRefused(Mlops.Result result, string file, string code, int? line = null, int? column = null)
    {
        Assert.True(result.Exit == 2, result.All);
        var expected = line is null ? $"{file}" : $"{file}({line},{column}): error {code}:";
        Assert.Contains(expected, result.All, StringComparison.Ordinal);
        Assert.Contains(code, result.All, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(repo.Root, "out")), "a refused run leaves no output folder");
    }

    private string Train => Path.Combine(repo.Root, "data", "train.csv");
    private string Val => Path.Combine(repo.Root, "data", "val.csv");

    [Fact]
    public void A_missing_label_column_names_the_file_and_the_columns_it_has()
    {
        var result = Run("a,b,target\n" + Rows(40, Good));
        AssertRefused(result, Train, "MLOPS204");
        Assert.Contains("target", result.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 2)]
    [InlineData("NaN", 1)]
    public void An_empty_or_NaN_cell_names_its_row_and_column(string cell, int column)
    {
        var rows = Rows(40, Good).Split('\n').ToList();
        var fields = rows[9].Split(',');
        fields[column - 1] = cell;
        rows[9] = string.Join(',', fields);
        var result = Run("a,b,label\n" + string.Join('\n', rows));
        AssertRefused(result, Train, "MLOPS205", line: 11, column: column);
    }

    [Fact]
    public void A_validation_label_never_seen_in_training_is_refused_with_its_row()
    {
        var validation = "a,b,label\n" + Rows(10, Good) + "1.5,2,maybe\n";
        var result = Run("a,b,label\n" + Rows(40, Good), validation);
        AssertRefused(result, Val, "MLOPS207", line: 12, column: 3);
        Assert.Contains("maybe", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_class_is_refused()
    {
        var result = Run("a,b,label\n" + Rows(40, i => $"{i},{i % 3},yes"));
        AssertRefused(result, Train, "MLOPS208");
    }

    [Fact]
    public void Train_and_validation_with_different_columns_are_refused()
    {
        var result = Run("a,b,label\n" + Rows(40, Good), "a,c,label\n" + Rows(10, Good));
        AssertRefused(result, Val, "MLOPS209");
        Assert.Contains("[b]", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unterminated_quote_names_the_line_it_starts_on()
    {
        var result = Run("a,b,label\n" + Rows(20, Good) + "1,\"2,no\n" + Rows(20, Good));
        AssertRefused(result, Train, "MLOPS201", line: 22, column: 2);
    }

    [Fact]
    public void A_row_with_too_many_fields_names_its_line()
    {
        var result = Run("a,b,label\n" + Rows(20, Good) + "1,2,3,no\n" + Rows(20, Good));
        AssertRefused(result, Train, "MLOPS201", line: 22, column: 4);
    }

    [Fact]
    public void Quotes_embedded_newlines_a_bom_and_semicolons_are_read_not_refused()
    {
        var csv = new StringBuilder("\uFEFF\"a\";\"b;c\";label\r\n");
        for (var i = 0; i < 40; i++)
        {
            var label = i % 2 == 1 ? "\"yes,\nreally\"" : "\"no \"\"quoted\"\"\"";
            csv.Append(CultureInfo.InvariantCulture, $"{i % 2 * 2 + i % 7 / 10.0};{i % 5};{label}\r\n");
        }
        var result = Run(csv.ToString());
        Assert.True(result.Exit is 0 or 1, result.All);
        var resultJson = File.ReadAllText(Path.Combine(repo.Root, "out", "result.json"));
        Assert.Contains("yes,\\nreally", resultJson, StringComparison.Ordinal);
        Assert.Contains("no \\u0022quoted\\u0022", resultJson.Replace("\\\"", "\\u0022", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_before_it_is_loaded()
    {
        Environment.SetEnvironmentVariable("MLOPS_MAX_DATA_BYTES", "256");
        try
        {
            var result = Run("a,b,label\n" + Rows(40, Good));
            AssertRefused(result, Train, "MLOPS210");
            Assert.Contains("MLOPS_MAX_DATA_BYTES", result.All, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("MLOPS_MAX_DATA_BYTES", null);
        }
    }

    public void Dispose() => repo.Dispose();
}
