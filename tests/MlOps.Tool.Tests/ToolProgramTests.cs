using System.CommandLine;
using System.Runtime.Versioning;
using MlOps.Contracts.Diagnostics;
using MlOps.Tool.Runner;

namespace MlOps.Tool.Tests;

/// <summary>
/// The tool's verbs in this test process, which has no libtorch: validate and doctor work as they
/// are; run goes to the runner, here built and started by a fake dotnet host that logs its calls.
/// </summary>
public sealed class ToolProgramTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mlops-tool-").FullName;

    public ToolProgramTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, ".git"));
        Directory.CreateDirectory(Path.Combine(_root, "specs"));
        File.WriteAllLines(Path.Combine(_root, "specs", "train.csv"), ["x,label", .. Enumerable.Range(0, 100).Select(i => $"{i},{i % 2}")]);
        File.WriteAllText(Path.Combine(_root, "specs", "a.yaml"), "name: a\nbase: {model: mlp}\ndata: {train: train.csv}\ntraining: {epochs: 30}\n");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private ToolEnvironment Environment(params (string Name, string Value)[] variables) =>
        new(_root, name => variables.FirstOrDefault(v => v.Name == name).Value);

    private static (int Exit, string Output, string Error) Invoke(ToolEnvironment environment, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = ToolProgram.Invoke(args, new InvocationConfiguration { Output = output, Error = error }, environment);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void This_test_process_has_no_libtorch()
    {
        Assert.Empty(Directory.EnumerateFiles(AppContext.BaseDirectory, "*torch_cpu*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Validate_takes_a_folder_without_libtorch()
    {
        var (exit, output, error) = Invoke(Environment(), "validate", Path.Combine(_root, "specs"));

        Assert.True(exit == ExitCodes.Passed, output + error);
        Assert.Contains("1 spec(s) valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_needs_no_libtorch_and_names_the_runner_run_will_use()
    {
        var report = ToolDoctor.Collect(Environment());

        Assert.Empty(report.Problems);
        Assert.Contains(report.Facts, f => f.Key == "libtorch" && f.Value == "not loaded by this process");
        Assert.Contains(report.Facts, f => f.Key == "runner" && f.Value.Contains("not built yet", StringComparison.Ordinal) && f.Value.Contains(Path.Combine(_root, ".mlops", "runner", "cpu"), StringComparison.Ordinal));
        Assert.Equal(ExitCodes.Passed, Invoke(Environment(), "doctor").Exit);
    }

    [Fact]
    public void Run_help_is_answered_here_and_lists_the_backend_option()
    {
        var (exit, output, _) = Invoke(Environment(), "run", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("--torch-backend", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_errors_of_the_tool_itself_are_redacted()
    {
        var (exit, _, error) = Invoke(Environment(), "run", "specs/a.yaml", "--torch-backend", "rocm?token=hunter2tok");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("MLOPS807", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2tok", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_with_a_backend_that_has_no_libtorch_package_is_bad_input()
    {
        var (exit, _, error) = Invoke(Environment(), "run", "specs/a.yaml", "--torch-backend", "rocm");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("MLOPS807", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_builds_the_runner_once_then_runs_its_mlops_run_with_the_other_arguments_and_its_exit_code()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // the fake host is a shell script
        }
        var fake = FakeDotnet();
        var environment = Environment(("DOTNET_HOST_PATH", fake), ("MLOPS_RUNNER_DIR", Path.Combine(_root, "runners")));

        var first = Invoke(environment, "run", "specs/a.yaml", "--torch-backend", "cpu", "--reuse");
        var second = Invoke(environment, "run", "specs/a.yaml", "--reuse");

        Assert.Equal(7, first.Exit);
        Assert.Equal(7, second.Exit);
        var runner = Path.Combine(_root, "runners", "cpu");
        var dll = Path.Combine(runner, "bin", "Release", "net10.0", "mlops-runner.dll");
        Assert.Equal(
        [
            $"build {Path.Combine(runner, "MlOps.Runner.csproj")} -c Release -nologo -v:q -nr:false",
            $"{dll} run specs/a.yaml --reuse",
            $"{dll} run specs/a.yaml --reuse",
        ], File.ReadAllLines(Path.Combine(_root, "calls.txt")));
        Assert.Contains("building the runner with libtorch-", first.Error, StringComparison.Ordinal);
        Assert.Equal("", second.Error);
    }

    /// <summary>Logs each call; `build` leaves a runner assembly behind, any other call exits 7.</summary>
    [UnsupportedOSPlatform("windows")]
    private string FakeDotnet()
    {
        var path = Path.Combine(_root, "fake-dotnet.sh");
        File.WriteAllText(path, $$"""
            #!/bin/sh
            echo "$*" >> "{{Path.Combine(_root, "calls.txt")}}"
            if [ "$1" = build ]; then
              out="$(dirname "$2")/bin/Release/net10.0"
              mkdir -p "$out" && touch "$out/mlops-runner.dll"
              exit 0
            fi
            exit 7

            """);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [Fact]
    public void A_runner_that_cannot_even_be_started_is_one_MLOPS999_line_and_exit_70()
    {
        var logs = Path.Combine(_root, "logs");
        System.Environment.SetEnvironmentVariable("MLOPS_LOG_DIR", logs);
        try
        {
            var (exit, output, error) = Invoke(Environment(("DOTNET_HOST_PATH", Path.Combine(_root, "no-such-dotnet"))), "run", Path.Combine(_root, "specs", "a.yaml"));

            Assert.True(exit == ExitCodes.InternalError, output + error);
            Assert.Contains("error MLOPS999: internal error", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
            Assert.Contains("   at ", File.ReadAllText(Assert.Single(Directory.GetFiles(logs))), StringComparison.Ordinal);
        }
        finally
        {
            System.Environment.SetEnvironmentVariable("MLOPS_LOG_DIR", null);
        }
    }
}
