namespace MlOps.Mlflow.FileStore;

/// <summary>
/// An exclusive lock shared by every process that writes the same store: a lock file opened with
/// <see cref="FileShare.None"/> (flock on Unix), retried until a timeout. The file stays on disk,
/// deleting it would let two writers lock different files.
/// </summary>
internal sealed class FileLock : IDisposable
{
    public const string FileName = ".mlflow-dotnet.lock";
    private readonly FileStream stream;

    private FileLock(FileStream stream) => this.stream = stream;

    public static FileLock Acquire(string directory, TimeSpan timeout)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(Random.Shared.Next(2, 15));
            }
            catch (IOException e)
            {
                throw new IOException($"Could not lock '{path}' within {timeout.TotalSeconds:0}s: another process holds it. If none is running, the store's file system may not support locks.", e);
            }
        }
    }

    public void Dispose() => stream.Dispose();
}
