using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Polyfills;

/// <summary>
/// .NET 6's symbolic-link members for .NET Framework / Mono, as far as this code uses them. Same
/// results for plain files and for links as the Hub cache and repositories use them (the caller only
/// needs where a link leads), with two differences: on Windows <c>LinkTarget</c> is the link's final
/// target (GetFinalPathNameByHandle) rather than its first hop, and a link that cannot be read counts
/// as a plain file; on Unix (Mono) it is the first hop, read with readlink(2), as on .NET.
/// </summary>
internal static class FileSystemLinks
{
    private const int MaxHops = 40;

    extension(FileSystemInfo info)
    {
        public string? LinkTarget => ReadLink(info.FullName);

        public FileSystemInfo? ResolveLinkTarget(bool returnFinalTarget)
        {
            var target = ReadLink(info.FullName);
            if (target is null)
            {
                return null;
            }
            var path = Path.Combine(Path.GetDirectoryName(info.FullName)!, target);
            for (var hop = 0; returnFinalTarget && hop < MaxHops && ReadLink(path) is { } next; hop++)
            {
                path = Path.Combine(Path.GetDirectoryName(path)!, next);
            }
            return info is DirectoryInfo ? new DirectoryInfo(path) : new FileInfo(path);
        }
    }

    extension(File)
    {
        /// <summary>Not on .NET Framework: callers fall back to copying (as huggingface_hub does without symlinks).</summary>
        public static FileSystemInfo CreateSymbolicLink(string path, string pathToTarget) =>
            throw new PlatformNotSupportedException($"cannot link '{path}' to '{pathToTarget}': no symbolic links on .NET Framework");
    }

    private static string? ReadLink(string path) =>
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? WindowsFinalPath(path) : UnixReadLink(path);

    private static string? UnixReadLink(string path)
    {
        var buffer = new byte[4096];
        var length = (int)readlink(path, buffer, new IntPtr(buffer.Length));
        return length <= 0 ? null : Encoding.UTF8.GetString(buffer, 0, length);
    }

    private static string? WindowsFinalPath(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path)
            || (File.GetAttributes(path) & FileAttributes.ReparsePoint) == 0)
        {
            return null;
        }
        using var handle = CreateFileW(path, 0, FileShare.ReadWrite | FileShare.Delete, IntPtr.Zero, FileMode.Open, BackupSemantics, IntPtr.Zero);
        if (handle.IsInvalid)
        {
            return null;
        }
        var final = new StringBuilder(1024);
        var length = GetFinalPathNameByHandleW(handle, final, final.Capacity, 0);
        if (length <= 0 || length >= final.Capacity)
        {
            return null;
        }
        var text = final.ToString();
        return text.StartsWith(@"\\?\UNC\", StringComparison.Ordinal) ? @"\\" + text.Substring(8)
            : text.StartsWith(@"\\?\", StringComparison.Ordinal) ? text.Substring(4)
            : text;
    }

    private const int BackupSemantics = 0x02000000; // FILE_FLAG_BACKUP_SEMANTICS: folders open too

#pragma warning disable CA5392, SYSLIB1054 // netstandard2.0 has neither DefaultDllImportSearchPaths checks nor LibraryImport
    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr readlink(string path, byte[] buffer, IntPtr size);

    [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern SafeFileHandle CreateFileW(string name, int access, FileShare share, IntPtr security, FileMode mode, int flags, IntPtr template);

    [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern int GetFinalPathNameByHandleW(SafeFileHandle handle, StringBuilder path, int capacity, int flags);
#pragma warning restore CA5392, SYSLIB1054
}
