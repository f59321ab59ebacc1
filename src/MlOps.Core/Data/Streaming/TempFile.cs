namespace MlOps.Core.Data.Streaming;

/// <summary>
/// A temporary file that no one else sees and that nothing leaves behind: on Unix its name is removed
/// at once (the open handle keeps the data until it is closed, even by a crash or kill -9); on Windows
/// DeleteOnClose has the system delete it when the last handle closes, the process's end included.
/// </summary>
internal static class TempFile
{
    public static FileStream Open(string name, FileOptions options)
    {
        var path = Path.Combine(Path.GetTempPath(), name);
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20,
            options | (OperatingSystem.IsWindows() ? FileOptions.DeleteOnClose : FileOptions.None));
        if (!OperatingSystem.IsWindows())
        {
            File.Delete(path);
        }
        return file;
    }
}
