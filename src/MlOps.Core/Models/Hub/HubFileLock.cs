using MlOps.Specs.Hub;

namespace MlOps.Core.Models.Hub;

/// <summary>
/// One writer per blob across processes (two builds fetching the same model): an exclusive handle
/// on <c>.locks/models--org--name/&lt;etag&gt;.lock</c>, where huggingface_hub keeps its own locks.
/// </summary>
internal sealed class HubFileLock : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private readonly FileStream handle;

    private HubFileLock(FileStream handle) => this.handle = handle;

    public static async Task<HubFileLock> AcquireAsync(HubCache cache, HubModelId id, string etag, CancellationToken cancel)
    {
        var path = Path.Combine(cache.Root, ".locks", id.CacheFolderName, etag + ".lock");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        while (true)
        {
            try
            {
                return new HubFileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose));
            }
            catch (IOException)
            {
                // Another process is writing this blob; it will be there (or its partial file) when it lets go.
                await Task.Delay(Poll, cancel).ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => handle.Dispose();
}
