using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MlOps.Cli.Tests.Commands;

/// <summary>`mlops run` as a user or the MSBuild task calls it: exit codes, canonical errors, JSON events.</summary>
[Collection(TrainingCollection.Name)]
public sealed class RunCommandTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "mlops-cli-run-" + Guid.NewGuid().ToString("N"));

    public RunCommandTests()
    {
        Directory.CreateDirectory(Path.Combine(root, ".git"));
        var csv = new StringBuilder("a,b,label\n");
        for (var i = 0; i < 120; i++)
        {
            var label = i % 2;
            csv.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{(label * 2) + (i % 7 / 10.0)},{i % 5},{(label == 1 ? "yes" : "no")}"));
        }
        File.WriteAllText(Path.Combine(root, "data.csv"), csv.ToString());
    }

    private string Spec(string gates) => WriteSpec($$"""
        name: cli-run
        base: { model: mlp, checkpoint: none, hidden: [8] }
        data: { train: data.csv, label: label, split: { validation: 0.25 } }
        training: { epochs: 3, batch_size: 16, optimizer: { lr: 0.01 }, threads: 1 }
        gates:
        {{gates}}
        """);

    private string WriteSpec(string yaml)
    {
        var path = Path.Combine(root, "spec.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private (int Exit, string Output) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = Program.BuildRoot().Parse(["run", .. args, "--output", Path.Combine(root, "out")]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output + error.ToString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("two")]
    public void Parallel_with_a_width_below_one_or_not_a_number_is_refused_before_anything_runs(string width)
    {
        using var text = new StringWriter();
        // Program.Invoke, as `mlops` runs it: a command line that does not parse is exit 2.
        var exit = Program.Invoke(["run", Spec("  - { metric: accuracy, min: 0.1 }"), "--output", Path.Combine(root, "out"), "--parallel", width],
            new InvocationConfiguration { Output = text, Error = text });
        var output = text.ToString();

        Assert.Equal(2, exit);
        Assert.Contains($"--parallel '{width}' is not a number of processes", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(root, "out")));
    }

    [Fact]
    public void A_passing_run_exits_0_and_prints_the_summary()
    {
        var (exit, output) = Run(Spec("  - { metric: accuracy, min: 0.1 }"));

        Assert.True(exit == 0, output);
        Assert.Contains("PASSED", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(root, "out", "result.json")));
    }

    [Fact]
    public void A_failing_gate_exits_1_with_a_canonical_error_on_the_gate_line()
    {
        var (exit, output) = Run(Spec("  - { metric: log_loss, max: 0.0000001 }"));

        Assert.Equal(1, exit);
        Assert.Matches(@"spec\.yaml\(6,5\): error MLOPS511: gate '.*log_loss.*' failed", output);
    }

    [Fact]
    public void A_reused_failed_run_fails_the_same_way_in_text_and_in_jsonl()
    {
        var spec = Spec("  - { metric: log_loss, max: 0.0000001 }");
        var (firstExit, first) = Run(spec, "--reuse", "--events", "jsonl");
        var (textExit, text) = Run(spec, "--reuse");
        var (replayExit, replay) = Run(spec, "--reuse", "--events", "jsonl");

        Assert.Equal((1, 1, 1), (firstExit, textExit, replayExit));
        Assert.Contains("reused run ", text, StringComparison.Ordinal);
        Assert.Matches(@"spec\.yaml\(6,5\): error MLOPS511: gate '.*log_loss.*' failed", text);
        static List<string> Gates(string output) => [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("{\"event\":\"gate\"", StringComparison.Ordinal))];
        Assert.NotEmpty(Gates(first));
        Assert.Equal(Gates(first), Gates(replay));
        Assert.Contains(Gates(replay), l => l.Contains("\"code\":\"MLOPS511\"", StringComparison.Ordinal) && l.Contains("\"line\":6", StringComparison.Ordinal));
        static string? RunId(string output) => JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement.GetProperty("run_id").GetString();
        Assert.NotNull(RunId(first));
        Assert.Equal(RunId(first), RunId(replay));
    }

    [Fact]
    public void A_malformed_spec_exits_2_before_any_training()
    {
        var spec = WriteSpec("name: cli-run\nbase: { model: mlp, checkpoint: none }\ndata: { train: data.csv, lable: label }\n");

        var (exit, output) = Run(spec);

        Assert.Equal(2, exit);
        Assert.Contains("spec.yaml(3,", output, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Jsonl_events_are_one_object_per_line_ending_with_the_result()
    {
        var (exit, output) = Run(Spec("  - { metric: accuracy, min: 0.1 }"), "--events", "jsonl");

        Assert.Equal(0, exit);
        var events = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(3, events.Count(e => e.GetProperty("event").GetString() == "epoch"));
        Assert.Contains(events, e => e.GetProperty("event").GetString() == "gate" && e.GetProperty("passed").GetBoolean());
        var last = events[^1];
        Assert.Equal("result", last.GetProperty("event").GetString());
        Assert.Equal("passed", last.GetProperty("verdict").GetString());
    }

    [Fact]
    public void An_unknown_option_is_bad_input_exit_2()
    {
        using var error = new StringWriter();

        var exit = Program.Invoke(["run", "spec.yaml", "--events", "xml"], new InvocationConfiguration { Output = TextWriter.Null, Error = error });

        Assert.Equal(2, exit);
        Assert.Contains("xml", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Data_outside_the_repository_runs_only_with_allow_outside_repository()
    {
        var outside = Directory.CreateTempSubdirectory("mlops-run-outside-").FullName;
        try
        {
            File.Copy(Path.Combine(root, "data.csv"), Path.Combine(outside, "data.csv"));
            var spec = WriteSpec($$"""
                name: cli-run
                base: { model: mlp, checkpoint: none, hidden: [8] }
                data: { train: {{Path.Combine(outside, "data.csv")}}, label: label, split: { validation: 0.25 } }
                training: { epochs: 2, batch_size: 16, optimizer: { lr: 0.01 }, threads: 1 }
                """);

            var refused = Run(spec);
            var allowed = Run(spec, "--allow-outside-repository");

            Assert.Equal(2, refused.Exit);
            Assert.Contains("MLOPS021", refused.Output, StringComparison.Ordinal);
            Assert.True(allowed.Exit == 0, allowed.Output);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
