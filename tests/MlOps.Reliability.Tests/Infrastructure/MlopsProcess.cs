using System.Diagnostics;
using System.Text;

namespace MlOps.Reliability.Tests.Infrastructure;

/// <summary>`dotnet mlops.dll ...` as a real child process, so it can be killed like CI kills a job.</summary>
public sealed class MlopsProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    public MlopsProcess(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(MlopsDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["MLFLOW_TRACKING_URI"] = null;
        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>mlops.dll beside the test assembly (the project reference copies it with its runtimeconfig).</summary>
    public static string MlopsDll { get; } = Path.Combine(AppContext.BaseDirectory, "mlops.dll");

    public int Id => process.Id;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    public static (int Exit, string Output) RunToEnd(string workingDirectory, TimeSpan limit, params string[] args)
    {
        using var child = new MlopsProcess(workingDirectory, args);
        return (child.WaitForExit(limit), child.Output);
    }

    /// <summary>The exit code; a child still running after <paramref name="limit"/> is killed and the test fails.</summary>
    public int WaitForExit(TimeSpan limit)
    {
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"mlops did not exit within {limit}:\n{Output}");
        }
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>Polls until <paramref name="condition"/> holds; false if the child exited or time ran out first.</summary>
    public bool WaitUntil(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit && !process.HasExited)
        {
            if (condition())
            {
                return true;
            }
            Thread.Sleep(20);
        }
        return condition();
    }

    /// <summary>kill -TERM or kill -KILL, as a CI runner or the OOM killer sends it.</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
        process.Dispose();
    }
}
