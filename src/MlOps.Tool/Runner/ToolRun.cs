using System.Diagnostics;
using MlOps.Contracts.Diagnostics;

namespace MlOps.Tool.Runner;

/// <summary>
/// `mlops run` from the tool: prepare the runner of the chosen backend, then run its `mlops run`
/// with the same arguments, working directory and console, and exit with its exit code.
/// </summary>
internal sealed class ToolRun(ToolEnvironment environment, TextWriter error)
{
    public int Execute(IReadOnlyList<string> runArguments)
    {
        var (options, problem) = ToolRunOptions.Parse(runArguments, environment);
        if (options is null)
        {
            error.WriteLine($"mlops run: {problem}");
            return ExitCodes.BadInput;
        }
        var runner = ToolRunner.For(options, environment);
        if (runner is null)
        {
            error.WriteLine($"mlops run: error MLOPS807: torch backend '{options.Backend}' has no libtorch package for this OS. Use 'cpu' (every OS) or 'cuda' (Linux, Windows).");
            return ExitCodes.BadInput;
        }
        if (runner.Prepare(error) is { } buildOutput)
        {
            error.WriteLine(buildOutput);
            error.WriteLine($"mlops run: the runner in {runner.Directory} did not build (above). It restores MlOps.Cli, MlOps.Build and {runner.LibTorchPackage} {runner.LibTorchVersion}: check that a nuget.config of this repository lists their feeds.");
            return ExitCodes.BadInput;
        }
        return RunToCompletion(runner.AssemblyPath, options.RunArguments);
    }

    private int RunToCompletion(string runnerAssembly, IReadOnlyList<string> runArguments)
    {
        var start = new ProcessStartInfo(environment.Dotnet) { WorkingDirectory = environment.WorkingDirectory, UseShellExecute = false };
        start.ArgumentList.Add(runnerAssembly);
        start.ArgumentList.Add("run");
        foreach (var argument in runArguments)
        {
            start.ArgumentList.Add(argument);
        }
        // Ctrl+C reaches the runner too (same console): it checkpoints and exits 130; this process waits for that.
        ConsoleCancelEventHandler keepWaiting = (_, e) => e.Cancel = true;
        Console.CancelKeyPress += keepWaiting;
        try
        {
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode;
        }
        finally
        {
            Console.CancelKeyPress -= keepWaiting;
        }
    }
}
