using System.Text.RegularExpressions;
using MlOps.Build.Tasks;
using MlOps.Build.Tests.Infrastructure;

namespace MlOps.Reliability.Tests.Crashes;

/// <summary>
/// An exception no stage turned into a diagnostic: one line with MLOPS999 and the log path, exit 70,
/// the stack trace in that log only — through the mlops command and through the MSBuild runner path.
/// </summary>
public sealed partial class InternalErrorBackstopTests : IDisposable
{
    private readonly SampleRepo repo = new();
    private readonly string logs;

    public InternalErrorBackstopTests()
    {
        logs = Path.Combine(repo.Root, "crash-logs");
        Environment.SetEnvironmentVariable("MLOPS_LOG_DIR", logs);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("MLOPS_LOG_DIR", null);
        repo.Dispose();
    }

    /// <summary>The tiny spec with the throwing family as its base model.</summary>
    private string Spec()
    {
        var path = TinySpec.Write(repo, name: "crashes");
        File.WriteAllText(path, File.ReadAllText(path).Replace("model: mlp", $"model: {ThrowingModel.Name}", StringComparison.Ordinal));
        return path;
    }

    [GeneratedRegex(@"error MLOPS999: internal error \(InvalidOperationException: [^\n]*\); the stack trace is in (?<log>\S+\.log)\.")]
    private static partial Regex OneLine();

    private void AssertLogged(string text)
    {
        var match = OneLine().Match(text);
        Assert.True(match.Success, text);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("second line", text, StringComparison.Ordinal);
        var log = match.Groups["log"].Value;
        Assert.StartsWith(logs, log, StringComparison.Ordinal);
        var trace = File.ReadAllText(log);
        Assert.Contains(ThrowingModel.Fault, trace, StringComparison.Ordinal);
        Assert.Contains("   at ", trace, StringComparison.Ordinal);
    }

    [Fact]
    public void The_mlops_command_prints_one_line_with_the_log_path_and_exits_70()
    {
        var result = Mlops.Run(Spec(), Path.Combine(repo.Root, "out"));

        Assert.True(result.Exit == 70, result.All);
        AssertLogged(result.All);
    }

    [Fact]
    public void The_msbuild_runner_path_logs_one_MLOPS999_error_on_the_spec_and_no_stack_trace()
    {
        var spec = Spec();
        var engine = new FakeBuildEngine();
        var task = new RunFineTune
        {
            BuildEngine = engine,
            RunnerExecutable = "dotnet",
            RunnerArguments = $"\"{MlopsProcess.MlopsDll}\"",
            Spec = spec,
            OutputDirectory = Path.Combine(repo.Root, "out"),
            ModelsAssembly = typeof(ThrowingModel).Assembly.Location,
            EnvironmentVariables = [$"MLOPS_LOG_DIR={logs}", $"MLFLOW_TRACKING_URI={Path.Combine(repo.Root, "mlruns")}"],
        };

        Assert.False(task.Execute());

        var error = Assert.Single(engine.Errors);
        Assert.Equal(("MLOPS999", spec), (error.Code, error.File));
        var everything = string.Join("\n", engine.Messages.Select(m => m.Message).Concat(engine.Warnings.Select(w => w.Message)).Append("error MLOPS999: " + error.Message));
        AssertLogged(everything);
    }
}
