using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Specs.Model;

namespace MlOps.Core.Pipeline;

/// <summary>
/// `mlops run --parallel [N]`: the repeats still to train run as child `mlops` processes of this same
/// executable, at most N at once, each into the folder the sequential path uses (inside the staging
/// folder) and pinned to max(1, threads/N) torch threads so together they don't oversubscribe the cores.
/// Stopping (Ctrl+C, SIGTERM) kills the children; a child that fails is reported with its exit code and first error line.
/// </summary>
internal static class ParallelRepeats
{
    /// <summary>N (0 = min(cores, count)) and the threads each child gets.</summary>
    public static (int Width, int Threads) Plan(FineTuneSpec spec, int asked, int count)
    {
        var width = Math.Max(1, Math.Min(asked > 0 ? asked : Environment.ProcessorCount, count));
        var total = spec.Training.Threads ?? Environment.ProcessorCount;
        return (width, Math.Max(1, total / width));
    }

    /// <summary>The children's outcomes by seed; null for a seed when the run stopped before it finished.</summary>
    public static IReadOnlyDictionary<int, RunOutcome> Run(IReadOnlyList<(int Seed, string Directory, string Published)> pending, RunRequest request, int width, int threads,
        IRunObserver observer, CancellationToken cancel)
    {
        var outcomes = new Dictionary<int, RunOutcome>();
        using var gate = new SemaphoreSlim(width);
        var tasks = pending.Select(p => Task.Run(() =>
        {
            gate.Wait(CancellationToken.None);
            try
            {
                var outcome = cancel.IsCancellationRequested
                    ? new RunOutcome(ExitCodes.Interrupted, null, null)
                    : RunChild(p.Seed, p.Directory, p.Published, request, threads, observer, cancel);
                lock (outcomes)
                {
                    outcomes[p.Seed] = outcome;
                }
            }
            finally
            {
                gate.Release();
            }
        }, CancellationToken.None)).ToArray();
        Task.WaitAll(tasks, CancellationToken.None);
        return outcomes;
    }

    private static RunOutcome RunChild(int seed, string directory, string published, RunRequest request, int threads, IRunObserver observer, CancellationToken cancel)
    {
        var start = SelfStart();
        foreach (var arg in Arguments(seed, directory, published, request, threads))
        {
            start.ArgumentList.Add(arg);
        }
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = new Process { StartInfo = start };
        var lines = new List<string>();
        void Keep(string? line)
        {
            if (line is not null)
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            }
        }
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using (cancel.Register(() => KillQuietly(process)))
        {
            process.WaitForExit();
        }
        if (cancel.IsCancellationRequested)
        {
            return new RunOutcome(ExitCodes.Interrupted, null, null);
        }
        var resultPath = new OutputLayout(directory).Result;
        if (process.ExitCode is ExitCodes.Passed or ExitCodes.GateFailed && File.Exists(resultPath))
        {
            var result = RunResultFile.Read(resultPath);
            observer.OnMessage($"repeat seed {seed} finished in its own process (exit {process.ExitCode})");
            return new RunOutcome(process.ExitCode, result, null);
        }
        string first;
        lock (lines)
        {
            first = lines.FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? lines.LastOrDefault() ?? "(no output)";
        }
        observer.OnDiagnostic(Diagnostic.Error(ParallelErrorCodes.ChildFailed,
            $"repeat seed {seed} failed in its child process (exit {process.ExitCode}): {first.Trim()} — fix that and run again", SourceLocation.None(request.SpecPath)));
        return new RunOutcome(process.ExitCode == 0 ? ExitCodes.EnvironmentFault : process.ExitCode, null, null);
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }
    }

    /// <summary>
    /// This executable again: the apphost (`mlops`) directly, or `dotnet mlops.dll` when a dotnet host runs it
    /// (a global tool, `dotnet run`, the tests).
    /// </summary>
    private static ProcessStartInfo SelfStart()
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find this executable's path to start --parallel children");
        var start = new ProcessStartInfo(host);
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }
        return start;
    }

    private static List<string> Arguments(int seed, string directory, string published, RunRequest request, int threads)
    {
        var args = new List<string> { "run", request.SpecPath, "--repeat-child", string.Join('|', seed.ToString(CultureInfo.InvariantCulture), threads.ToString(CultureInfo.InvariantCulture), directory, published) };
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                args.Add(name);
                args.Add(value);
            }
        }
        Add("--device", request.Device);
        Add("--tracking-uri", request.TrackingUri);
        Add("--baseline-result", request.BaselineResult);
        Add("--gate-policy-ref", request.GatePolicyRef);
        foreach (var assembly in request.ModelAssemblies)
        {
            Add("--models-assembly", assembly);
        }
        if (request.AllowOutsideRepository)
        {
            args.Add("--allow-outside-repository");
        }
        if (request.Resume)
        {
            args.Add("--resume");
        }
        return args;
    }
}
