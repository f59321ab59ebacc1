using System.CommandLine;
using System.Text.RegularExpressions;
using MlOps.Cli;

namespace MlOps.Reliability.Tests.Infrastructure;

/// <summary>The mlops command run in-process, with a time bound so a hang fails the test instead of the suite.</summary>
public static partial class Mlops
{
    public sealed record Result(int Exit, string Output, string Error)
    {
        public string All => Output + Error;
    }

    public static Result Invoke(TimeSpan limit, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var task = Task.Run(() => Program.Invoke(args, new InvocationConfiguration { Output = output, Error = error }));
        if (!task.Wait(limit))
        {
            throw new TimeoutException($"mlops {string.Join(' ', args)} did not finish within {limit}");
        }
        return new Result(task.Result, output.ToString(), error.ToString());
    }

    public static Result Run(string spec, string output, params string[] extra) =>
        Invoke(TimeSpan.FromMinutes(2), ["run", spec, "--output", output, .. extra]);

    /// <summary>path(line,col): error MLOPS123: message, or the file-only form path: error MLOPS123: message.</summary>
    [GeneratedRegex(@"^.+(\(\d+,\d+\))?: (error|warning) MLOPS\d{3}: .+$")]
    public static partial Regex DiagnosticLine();
}
