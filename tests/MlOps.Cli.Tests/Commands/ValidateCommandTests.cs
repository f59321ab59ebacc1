using System.CommandLine;
using System.Text.Json;
using MlOps.Contracts.Diagnostics;

namespace MlOps.Cli.Tests.Commands;

/// <summary>`mlops validate` run in-process: what a user sees and the exit code CI acts on.</summary>
public sealed class ValidateCommandTests : IDisposable
{
    private const string ValidSpec = "name: demo\nbase: {model: mlp}\ndata: {train: data/train.csv}\ntraining: {epochs: 30}\n";
    private readonly string _root = Directory.CreateTempSubdirectory("mlops-validate-").FullName;

    public ValidateCommandTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, ".git"));
        Directory.CreateDirectory(Path.Combine(_root, "data"));
        File.WriteAllLines(Path.Combine(_root, "data", "train.csv"), ["x,label", .. Enumerable.Range(0, 100).Select(i => $"{i},{i % 2}")]);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Spec(string name, string yaml)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = Program.BuildRoot().Parse(["validate", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public void A_valid_spec_exits_0_with_a_one_line_summary()
    {
        var (exit, output, _) = Run(Spec("ok.yaml", ValidSpec));
        Assert.Equal(ExitCodes.Passed, exit);
        Assert.Equal(["1 spec(s) valid: 0 error(s), 0 warning(s)"], Lines(output));
    }

    [Fact]
    public void A_gate_on_f1_for_a_five_class_task_exits_2_at_the_gate_line()
    {
        File.WriteAllLines(Path.Combine(_root, "data", "five.csv"), ["x,label", .. Enumerable.Range(0, 300).Select(i => $"{i},c{i % 5}")]);
        var spec = Spec("five.yaml", "name: demo\nbase: {model: mlp}\ndata: {train: data/five.csv}\ntraining: {epochs: 30}\ngates:\n  - { metric: f1, min: 0.5 }\n");

        var (exit, output, _) = Run(spec);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.StartsWith($"{spec}(6,5): error MLOPS504: gate on 'f1' is a binary metric", Lines(output)[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Three_mistakes_print_three_clickable_errors_and_exit_2()
    {
        var spec = Spec("bad.yaml", "name: demo\nbase: {model: mlp}\ndata:\n  train: data/train.csv\n  lable: y\ntraining:\n  epochs: 0\n  optimizer: { type: adam }\n");
        var (exit, output, _) = Run(spec);
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Equal(
        [
            $"{spec}(5,3): error MLOPS011: unknown key 'lable' in 'data'; did you mean 'label'?",
            $"{spec}(7,11): error MLOPS015: 'training.epochs' must be >= 1 and <= 10000, found 0",
            $"{spec}(8,22): error MLOPS016: 'training.optimizer.type' must be one of: adamw, sgd; found 'adam'; did you mean 'adamw'?",
            "1 spec(s) invalid: 3 error(s), 0 warning(s)",
        ], Lines(output));
    }

    [Fact]
    public void Warnings_alone_keep_exit_code_0()
    {
        var (exit, output, _) = Run(Spec("few.yaml", ValidSpec.Replace("epochs: 30", "epochs: 1", StringComparison.Ordinal)));
        Assert.Equal(ExitCodes.Passed, exit);
        Assert.Contains("warning MLOPS101", output, StringComparison.Ordinal);
        Assert.EndsWith("1 spec(s) valid: 0 error(s), 1 warning(s)", output.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_spec_file_exits_2()
    {
        var missing = Path.Combine(_root, "missing.yaml");
        var (exit, output, _) = Run(missing);
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.StartsWith($"{missing}: error MLOPS001:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_specs_are_all_checked_and_one_bad_spec_fails_the_run()
    {
        var (exit, output, _) = Run(Spec("a.yaml", ValidSpec), Spec("b.yaml", ValidSpec.Replace("mlp", "mlp, head: new", StringComparison.Ordinal)));
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("b.yaml(2,26): error MLOPS016", output, StringComparison.Ordinal);
        Assert.Contains("2 spec(s) invalid: 1 error(s), 0 warning(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_format_prints_an_array_of_diagnostics()
    {
        var spec = Spec("bad.yaml", ValidSpec + "seed: -1\n");
        var (exit, output, _) = Run(spec, "--format", "json");
        Assert.Equal(ExitCodes.BadInput, exit);
        using var json = JsonDocument.Parse(output);
        var item = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(spec, item.GetProperty("file").GetString());
        Assert.Equal(5, item.GetProperty("line").GetInt32());
        Assert.Equal(7, item.GetProperty("column").GetInt32());
        Assert.Equal("error", item.GetProperty("severity").GetString());
        Assert.Equal("MLOPS015", item.GetProperty("code").GetString());
        Assert.Equal("'seed' must be >= 0 and <= 2147483647, found -1", item.GetProperty("message").GetString());
    }

    [Fact]
    public void Json_format_of_a_valid_spec_is_an_empty_array()
    {
        var (exit, output, _) = Run(Spec("ok.yaml", ValidSpec), "--format", "json");
        Assert.Equal(ExitCodes.Passed, exit);
        Assert.Equal(0, JsonDocument.Parse(output).RootElement.GetArrayLength());
    }

    [Fact]
    public void An_unknown_format_is_refused_by_the_parser()
    {
        var (exit, _, error) = Run(Spec("ok.yaml", ValidSpec), "--format", "xml");
        Assert.NotEqual(ExitCodes.Passed, exit);
        Assert.Contains("xml", error, StringComparison.Ordinal);
    }

    [Fact]
    public void No_spec_argument_exits_2()
    {
        var (exit, _, error) = Run();
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("at least one spec", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Print_schema_writes_the_json_schema()
    {
        var (exit, output, _) = Run("--print-schema");
        Assert.Equal(ExitCodes.Passed, exit);
        using var schema = JsonDocument.Parse(output);
        Assert.Equal("MlOps fine-tuning spec (v1)", schema.RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public void Allow_outside_repository_lets_a_path_leave_the_repository()
    {
        var outside = Directory.CreateTempSubdirectory("mlops-outside-").FullName;
        try
        {
            File.Copy(Path.Combine(_root, "data", "train.csv"), Path.Combine(outside, "train.csv"));
            var spec = Spec("out.yaml", ValidSpec.Replace("data/train.csv", Path.Combine(outside, "train.csv"), StringComparison.Ordinal));
            Assert.Equal(ExitCodes.BadInput, Run(spec).Exit);
            Assert.Equal(ExitCodes.Passed, Run(spec, "--allow-outside-repository").Exit);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }
}
