using System.CommandLine;
using System.Text.Json;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Gates;
using MlOps.Core.Pipeline;
using MlOps.Core.Reporting;
using MlOps.Specs.Model;

namespace MlOps.Cli.Tests.Commands;

public sealed class ReportCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlops-cli-report-").FullName;

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private static RunResult FailedRun() => new()
    {
        ToolVersion = "0.1.0",
        Spec = new SpecInfo("digits", "spec.yaml", "abc"),
        Verdict = GateVerdict.Failed,
        Device = "cpu",
        Timings = new Timings(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1, 1),
        Model = new ModelInfo("cnn-small", null, null, 10, 10, []),
        Training = new TrainingSummary(1, 1, 1, StopReason.Completed, false,
            [new EpochRecord(1, 1, 0.9, 0.8, 1e-4, 1, new Dictionary<string, double>())]),
        Gates =
        [
            new GateResult
            {
                Name = "accuracy min 0.9", Metric = "accuracy", Kind = GateResultKind.Metric, Actual = 0.874, Threshold = 0.9, Comparison = ">=",
                Passed = false, Message = "accuracy 0.874 < min 0.900 (short by 0.026)", Location = new SourceLocation("spec.yaml", 31, 5),
            },
        ],
        Outputs = new OutputPaths(".", "model.dat", "spec.yaml", "history.csv", null, null, []),
    };

    [Fact]
    public void Renders_the_reports_from_result_json_and_prints_the_markdown()
    {
        RunResultFile.Write(FailedRun(), Path.Combine(folder, "result.json"));

        var (exit, output, _) = Run("report", folder);

        Assert.Equal(0, exit);
        Assert.StartsWith("# ❌ digits: failed — 1 of 1 gates failed", output, StringComparison.Ordinal);
        Assert.Contains("`spec.yaml:31`", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "report.md")));
        Assert.True(File.Exists(Path.Combine(folder, "junit.xml")));
        Assert.True(File.Exists(Path.Combine(folder, "plots", "loss.png")));
    }

    [Fact]
    public void Json_format_prints_the_verdict_and_the_files()
    {
        RunResultFile.Write(FailedRun(), Path.Combine(folder, "result.json"));

        var (exit, output, _) = Run("report", folder, "--format", "json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("failed", json.RootElement.GetProperty("verdict").GetString());
        Assert.True(json.RootElement.GetProperty("failed").GetBoolean());
        Assert.Contains(json.RootElement.GetProperty("files").EnumerateArray(), f => f.GetString()!.EndsWith("junit.xml", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_result_json_exits_2_with_a_clear_message()
    {
        var (exit, _, error) = Run("report", folder);

        Assert.Equal(2, exit);
        Assert.Contains("MLOPS520", error, StringComparison.Ordinal);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_result_json_exits_2_and_names_the_line()
    {
        File.WriteAllText(Path.Combine(folder, "result.json"), "{\n  \"verdict\": [\n");

        var (exit, _, error) = Run("report", folder);

        Assert.Equal(2, exit);
        Assert.Contains("result.json(", error, StringComparison.Ordinal);
        Assert.Contains("not a valid result.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_format_is_rejected()
    {
        var (exit, _, _) = Run("report", folder, "--format", "html");

        Assert.NotEqual(0, exit);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
