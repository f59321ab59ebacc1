using System.Runtime.InteropServices;

namespace MlOps.Contracts.IO;

/// <summary>
/// What a path is once symbolic links are followed. .NET reports a FIFO, a device and a regular
/// file alike (File.Exists, attributes Normal, length 0), yet reading a FIFO blocks until a writer
/// comes and /dev/zero never ends: an input must be a regular file. Linux asks the kernel
/// (statx, whose layout is the same on every architecture); elsewhere the kind is unknown (null).
/// </summary>
public static class FileKind
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int ModeOffset = 28;
    private const int TypeMask = 0xF000;

    /// <summary>Null when <paramref name="path"/> is a regular file, a folder, missing or of unknown kind; else what it is ("a FIFO (named pipe)", "a character device"…).</summary>
    public static string? NotRegular(string path)
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            return null;
        }
        var buffer = new byte[256];
        try
        {
            if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0)
            {
                return null; // missing or unreadable: the caller's own existence check speaks for it
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null; // a libc without statx (glibc < 2.28)
        }
        var mode = BitConverter.ToUInt16(buffer, ModeOffset) & TypeMask;
        return mode switch
        {
            0x1000 => "a FIFO (named pipe)",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0xC000 => "a socket",
            _ => null, // 0x8000 regular file, 0x4000 folder
        };
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPStr)] string path, int flags, uint mask, byte[] buffer);
}
