using System.Diagnostics;
using System.Globalization;
using MlOps.Mlflow;

namespace MlOps.Core.Tracking;

/// <summary>
/// The process writing a run: pid, host and the process's start time, set as tags when the run is
/// created. A RUNNING run whose owner is gone (same host, and no process with that pid, or one
/// started at another time: the pid was reused) was cut short by a kill and can be finished as KILLED.
/// </summary>
public sealed record RunOwner(int Pid, string Host, long StartedMs)
{
    public const string PidTag = "mlops.owner.pid";
    public const string HostTag = "mlops.owner.host";
    public const string StartedTag = "mlops.owner.started_ms";

    /// <summary>This process.</summary>
    public static RunOwner Current { get; } = Of(Environment.ProcessId, Environment.MachineName) ?? new RunOwner(Environment.ProcessId, Environment.MachineName, 0);

    public IReadOnlyList<MlflowTag> Tags =>
    [
        new(PidTag, Pid.ToString(CultureInfo.InvariantCulture)),
        new(HostTag, Host),
        new(StartedTag, StartedMs.ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>The owner a run's tags name; null for a run written without them (another tool, an older version).</summary>
    public static RunOwner? FromTags(IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        return tags.TryGetValue(PidTag, out var pid) && tags.TryGetValue(HostTag, out var host) && tags.TryGetValue(StartedTag, out var started)
            && int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var p)
            && long.TryParse(started, NumberStyles.None, CultureInfo.InvariantCulture, out var s)
            ? new RunOwner(p, host, s)
            : null;
    }

    /// <summary>True: the owner is gone; false: it still runs; null: it cannot be told from here (another host).</summary>
    public bool? IsGone()
    {
        if (!string.Equals(Host, Environment.MachineName, StringComparison.Ordinal))
        {
            return null;
        }
        var now = Of(Pid, Host);
        // Start times read twice from /proc agree to the millisecond; allow a second for other systems' rounding.
        return now is null || Math.Abs(now.StartedMs - StartedMs) > 1000;
    }

    private static RunOwner? Of(int pid, string host)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return new RunOwner(pid, host, new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero).ToUnixTimeMilliseconds());
        }
        catch (ArgumentException)
        {
            return null; // no such process
        }
        catch (InvalidOperationException)
        {
            return null; // it exited while we looked
        }
    }

    public override string ToString() => $"PID {Pid} on {Host}";
}
