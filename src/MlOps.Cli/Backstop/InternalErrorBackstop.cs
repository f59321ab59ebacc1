using System.Globalization;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;

namespace MlOps.Cli.Backstop;

/// <summary>
/// The last line of defence of every front end (the mlops command, the tool, the MSBuild runner):
/// an exception that no stage turned into a diagnostic becomes one line, <c>MLOPS999 internal
/// error</c> with the path of a log file, and exit 70. The stack trace goes to that file only:
/// never to the terminal or the build log, where it would bury the one line that matters.
/// </summary>
internal static class InternalErrorBackstop
{
    /// <summary>Where crash logs go instead of the temp folder's <c>mlops-logs</c>.</summary>
    public const string LogDirectoryVariable = "MLOPS_LOG_DIR";

    public static int Report(Exception exception, string verb, TextWriter error)
    {
        var log = TryWriteLog(exception, verb);
        var cause = Innermost(exception);
        var summary = $"{cause.GetType().Name}: {FirstLine(cause.Message)}";
        var where = log.Path is { } path ? $"the stack trace is in {path}" : $"the stack trace could not be written ({log.Problem})";
        error.WriteLine($"mlops: error {GeneralErrorCodes.Unexpected}: internal error ({summary}); {where}. Please report it with that file.");
        return ExitCodes.InternalError;
    }

    public static string LogDirectory()
    {
        var configured = Environment.GetEnvironmentVariable(LogDirectoryVariable);
        return string.IsNullOrWhiteSpace(configured) ? Path.Combine(Path.GetTempPath(), "mlops-logs") : Path.GetFullPath(configured);
    }

    private static (string? Path, string? Problem) TryWriteLog(Exception exception, string verb)
    {
        try
        {
            var folder = LogDirectory();
            Directory.CreateDirectory(folder);
            var now = DateTimeOffset.UtcNow;
            var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"mlops-{now:yyyyMMdd-HHmmss}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}.log"));
            // The verb only, never the arguments: a tracking URI or a path may carry what must not be written down.
            File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture,
                $"mlops {ToolVersion.Current} {verb}, {now:O}, process {Environment.ProcessId}, {Environment.OSVersion}, .NET {Environment.Version}\n{exception}\n"));
            return (path, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException or ArgumentException)
        {
            return (null, e.Message);
        }
    }

    /// <summary>The exception a reflection call or a task wrapped: its name says what went wrong.</summary>
    private static Exception Innermost(Exception exception) => exception switch
    {
        System.Reflection.TargetInvocationException { InnerException: { } inner } => Innermost(inner),
        AggregateException { InnerExceptions.Count: 1 } aggregate => Innermost(aggregate.InnerExceptions[0]),
        _ => exception,
    };

    private static string FirstLine(string message)
    {
        // One line, whatever the message holds: no newline or control character reaches a terminal or a build log.
        var line = new string([.. message.Split('\n', 2)[0].Trim().Select(c => char.IsControl(c) ? '?' : c)]);
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
