using System.Diagnostics;
using System.Globalization;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;

namespace MlOps.Core.Pipeline;

/// <summary>
/// One run at a time per output folder. The lock is <c>.&lt;name&gt;.mlops-lock</c> beside the folder,
/// held open with <see cref="FileShare.None"/>: an OS lock that the kernel drops when its process dies,
/// so a killed run never leaves a lock that blocks. <c>.&lt;name&gt;.mlops-owner</c> says who holds it
/// (pid, host, start time), because a file locked that way cannot be read by the run that is refused.
/// Both files go when the lock is released.
/// </summary>
internal sealed class OutputFolderLock : IDisposable
{
    private readonly FileStream handle;
    private readonly string lockPath;
    private readonly string ownerPath;
    private readonly string? createdParent;

    private OutputFolderLock(FileStream handle, string lockPath, string ownerPath, string? createdParent)
    {
        this.handle = handle;
        this.lockPath = lockPath;
        this.ownerPath = ownerPath;
        this.createdParent = createdParent;
    }

    public static string LockPath(string folder) => Sibling(folder, "lock");

    public static string OwnerPath(string folder) => Sibling(folder, "owner");

    private static string Sibling(string folder, string what) =>
        Path.Combine(Path.GetDirectoryName(folder)!, $".{Path.GetFileName(folder)}.mlops-{what}");

    /// <summary>The lock, or null with <paramref name="refusal"/> saying who holds it (or why it could not be taken).</summary>
    public static OutputFolderLock? TryAcquire(string folder, SourceLocation where, out Diagnostic? refusal)
    {
        refusal = null;
        var parent = Path.GetDirectoryName(folder)!;
        var lockPath = LockPath(folder);
        string? created = null;
        try
        {
            created = TopmostMissing(parent);
            Directory.CreateDirectory(parent);
            // Released (and deleted) between our open and our lock, the file we hold would be one nobody else sees: check the path is still ours.
            var vanished = 0;
            for (var attempt = 1; ; attempt++)
            {
                FileStream stream;
                try
                {
                    stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                }
                catch (IOException e) when (e is not (DirectoryNotFoundException or PathTooLongException) && !File.Exists(lockPath) && ++vanished <= 10)
                {
                    attempt--; // not a lost race for our own mark
                    continue; // the holder released and deleted it between our open and this check: take a fresh one
                }
                catch (IOException e) when (e is not (DirectoryNotFoundException or PathTooLongException) && File.Exists(lockPath))
                {
                    refusal = Diagnostic.Error(OutputErrorCodes.InUse,
                        $"output folder '{folder}' is in use by {Owner(folder)}: wait for that run to end, or choose another --output",
                        where);
                    DeleteIfEmpty(created, parent);
                    return null;
                }
                var mark = DateTime.UnixEpoch.AddTicks(Random.Shared.NextInt64(1, 10_000_000_000_000_000));
                File.SetLastWriteTimeUtc(stream.SafeFileHandle, mark);
                if (attempt >= 3 || (File.Exists(lockPath) && File.GetLastWriteTimeUtc(lockPath) == mark))
                {
                    var owner = OwnerPath(folder);
                    OutputLayout.WriteAtomically(owner, Describe(Environment.ProcessId, Environment.MachineName, StartTime()));
                    return new OutputFolderLock(stream, lockPath, owner, created);
                }
                stream.Dispose();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            refusal = Diagnostic.Error(OutputErrorCodes.Unwritable,
                $"output folder '{folder}' cannot be used: {e.Message.TrimEnd('.')}. Choose a writable --output", where);
            DeleteIfEmpty(created, parent);
            return null;
        }
    }

    /// <summary>Who holds the lock, as the owner file says; "another process" while it is being written.</summary>
    private static string Owner(string folder)
    {
        try
        {
            var parts = File.ReadAllText(OwnerPath(folder)).Split(' ', 3);
            return parts.Length == 3 ? $"PID {parts[0]} on {parts[1]} (started {parts[2]})" : "another process";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "another process";
        }
    }

    private static string Describe(int pid, string host, DateTimeOffset started) =>
        string.Create(CultureInfo.InvariantCulture, $"{pid} {host} {started.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");

    private static DateTimeOffset StartTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.StartTime.ToUniversalTime();
    }

    /// <summary>The first folder of <paramref name="path"/>'s chain that does not exist yet (null: it exists).</summary>
    private static string? TopmostMissing(string path)
    {
        string? missing = null;
        for (var dir = path; !string.IsNullOrEmpty(dir) && !Directory.Exists(dir); dir = Path.GetDirectoryName(dir))
        {
            missing = dir;
        }
        return missing;
    }

    /// <summary>Only folders this run created, and only while empty, from the lock's folder up: a refused run leaves no trace.</summary>
    private static void DeleteIfEmpty(string? created, string parent)
    {
        if (created is null)
        {
            return;
        }
        try
        {
            for (var dir = parent; dir is not null && dir.Length >= created.Length && Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any(); dir = Path.GetDirectoryName(dir))
            {
                Directory.Delete(dir);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: an empty folder left behind misleads nobody.
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(ownerPath);
            // Deleted while still held: a run waiting on this file then finds it gone and takes a new one.
            File.Delete(lockPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The OS lock goes with the handle either way.
        }
        handle.Dispose();
        DeleteIfEmpty(createdParent, Path.GetDirectoryName(lockPath)!);
    }
}
