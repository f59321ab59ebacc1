using System.Text.Json;
using MlOps.Contracts.Results;
using MlOps.Specs.Model;
using static MlOps.Cli.Tests.GitHub.RunResults;

namespace MlOps.Cli.Tests.GitHub;

[Collection(GitHubEnvironmentCollection.Name)]
public sealed class ReportGitHubTests : IDisposable
{
    private readonly RunnerHarness runner = new();

    private string Spec(string name) => Path.Combine(runner.Workspace, "specs", name + ".yaml");

    [Fact]
    public void A_failing_gate_sets_the_outputs_annotates_the_spec_line_and_writes_the_summary()
    {
        runner.AddRun(With("credit", Spec("credit"), Gate("accuracy min 0.9", false, Spec("credit"), 31), Gate("f1 min 0.5", true, Spec("credit"), 35)));
        runner.AddRun(With("digits", Spec("digits"), Gate("accuracy min 0.8", true, Spec("digits"), 12),
            Gate("f1 min 0.85", false, Spec("digits"), 14, Severity.Warning, "f1 0.800 < min 0.850 (short by 0.050)")));

        var (exit, output, _) = runner.Report(runner.Outputs, "--github");

        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("::error file=specs/credit.yaml,line=31,col=5,title=accuracy min 0.9::accuracy 0.874 < min 0.900 (short by 0.026)", lines);
        Assert.Contains("::warning file=specs/digits.yaml,line=14,col=5,title=f1 min 0.85::f1 0.800 < min 0.850 (short by 0.050)", lines);
        Assert.Single(lines, l => l.StartsWith("::error", StringComparison.Ordinal));
        var outputs = runner.ReadOutputs();
        Assert.Equal("false", outputs["passed"]);
        Assert.Equal("run-credit,run-digits", outputs["run-ids"]);
        using var metrics = JsonDocument.Parse(outputs["metrics-json"]);
        Assert.Equal(0.874, metrics.RootElement.GetProperty("credit").GetProperty("accuracy").GetDouble());
        Assert.Equal(0.8, metrics.RootElement.GetProperty("digits").GetProperty("f1").GetDouble());
        Assert.DoesNotContain('\n', outputs["metrics-json"]);
        Assert.True(File.Exists(outputs["report-path"]));
        var summary = File.ReadAllText(runner.SummaryFile);
        Assert.StartsWith("# ❌ MlOps: 1 of 2 specs failed", summary, StringComparison.Ordinal);
        Assert.Contains("## ❌ credit: failed — 1 of 2 gates failed", summary, StringComparison.Ordinal);
        Assert.Contains("## ✅ digits: passed — 1 of 2 gates passed, 1 warning", summary, StringComparison.Ordinal);
        Assert.Contains("`credit.yaml:31`", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gate_located_by_a_relative_spec_path_is_annotated_at_the_absolute_spec_path()
    {
        runner.AddRun(With("credit", Spec("credit"), Gate("accuracy min 0.9", false, "credit.yaml", 31)));

        var (_, output, _) = runner.Report(runner.Outputs, "--github");

        Assert.Contains("::error file=specs/credit.yaml,line=31,col=5,", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Passing_runs_report_passed_true_and_no_annotations()
    {
        runner.AddRun(With("credit", Spec("credit"), Gate("accuracy min 0.8", true, Spec("credit"), 31)));

        var (exit, output, _) = runner.Report(runner.Outputs, "--github");

        Assert.Equal(0, exit);
        Assert.DoesNotContain("::error", output, StringComparison.Ordinal);
        Assert.DoesNotContain("::warning", output, StringComparison.Ordinal);
        Assert.Equal("true", runner.ReadOutputs()["passed"]);
        Assert.StartsWith("# ✅ MlOps: 1 of 1 spec passed", File.ReadAllText(runner.SummaryFile), StringComparison.Ordinal);
    }

    [Fact]
    public void Annotation_properties_and_messages_are_escaped_as_the_runner_expects()
    {
        runner.AddRun(With("credit", Spec("credit"), Gate("sex: rate, max 10%", false, Spec("credit"), 9, message: "100% off\r\nsecond line")));

        var (_, output, _) = runner.Report(runner.Outputs, "--github");

        Assert.Contains("::error file=specs/credit.yaml,line=9,col=5,title=sex%3A rate%2C max 10%25::100%25 off%0D%0Asecond line\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void At_most_ten_errors_are_annotated_and_the_rest_are_counted()
    {
        var gates = Enumerable.Range(1, 12).Select(i => Gate($"gate {i}", false, Spec("credit"), i)).ToArray();
        runner.AddRun(With("credit", Spec("credit"), gates));

        var (_, output, _) = runner.Report(runner.Outputs, "--github");

        Assert.Equal(10, output.Split('\n').Count(l => l.StartsWith("::error", StringComparison.Ordinal)));
        Assert.Contains("2 more failed gates not annotated", output, StringComparison.Ordinal);
        Assert.DoesNotContain("title=gate 11", output, StringComparison.Ordinal);
        var summary = File.ReadAllText(runner.SummaryFile);
        Assert.Contains("2 failed gates are not annotated", summary, StringComparison.Ordinal);
        Assert.Contains("gate 12", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_summary_that_would_pass_1_MiB_is_cut_with_a_pointer_to_the_artifact()
    {
        runner.AddRun(With("credit", Spec("credit"), Gate("accuracy min 0.9", false, Spec("credit"), 31)));
        // Earlier steps already wrote almost all of the step's 1 MiB.
        File.WriteAllText(runner.SummaryFile, new string('x', 1024 * 1024 - 600) + "\n");

        runner.Report(runner.Outputs, "--github");

        var size = new FileInfo(runner.SummaryFile).Length;
        Assert.True(size <= 1024 * 1024, $"summary is {size} bytes");
        var text = File.ReadAllText(runner.SummaryFile);
        Assert.Contains("Truncated: GitHub limits the job summary to 1 MiB", text, StringComparison.Ordinal);
        Assert.Contains("https://github.com/octo/models/actions/runs/4242", text, StringComparison.Ordinal);
        Assert.Contains("`mlops-report` artifact", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_results_exits_2_with_an_error_annotation()
    {
        var (exit, output, error) = runner.Report(runner.Outputs, "--github");

        Assert.Equal(2, exit);
        Assert.StartsWith("::error::", output, StringComparison.Ordinal);
        Assert.Contains("MLOPS520", error, StringComparison.Ordinal);
        Assert.Equal("", File.ReadAllText(runner.OutputFile));
    }

    public void Dispose() => runner.Dispose();
}
