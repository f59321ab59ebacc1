using MlOps.Contracts.Diagnostics;

namespace MlOps.Core.Pipeline;

/// <summary>
/// Before any data is read: can the output folder be created and written? A file in its place or
/// above it, or a folder without write permission, used to cost a whole training run and then a
/// stack trace. The probe leaves nothing behind (a folder it had to create is removed again).
/// </summary>
internal static class OutputFolderProbe
{
    public static void Check(string folder)
    {
        var created = new List<string>();
        try
        {
            if (File.Exists(folder))
            {
                throw Unwritable(folder, "a file of that name is in the way; remove it or choose another --output");
            }
            if (FirstFileAbove(folder) is { } file)
            {
                throw Unwritable(folder, $"'{file}' is a file, so no folder can be created below it; choose another --output");
            }
            for (var missing = folder; !Directory.Exists(missing); missing = Path.GetDirectoryName(missing)!)
            {
                created.Add(missing);
            }
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".mlops-write-probe-{Environment.ProcessId}");
            File.WriteAllBytes(probe, [1]);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failed(folder, e);
        }
        finally
        {
            foreach (var folderMadeHere in created)
            {
                TryDeleteEmpty(folderMadeHere);
            }
        }
    }

    /// <summary>An IO failure while the run wrote its output (a full disk, permissions changed mid-run): exit 3, never a stack trace.</summary>
    public static MlOpsException Failed(string folder, Exception e) =>
        e as MlOpsException ?? Unwritable(folder, $"{e.Message.TrimEnd('.')}; check the permissions and the free space");

    private static MlOpsException Unwritable(string folder, string why) =>
        new(Diagnostic.Error(GeneralErrorCodes.OutputUnwritable, $"cannot write the output folder '{folder}': {why}", SourceLocation.None(folder)));

    private static string? FirstFileAbove(string folder)
    {
        for (var parent = Path.GetDirectoryName(folder); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent))
            {
                return parent;
            }
            if (Directory.Exists(parent))
            {
                return null;
            }
        }
        return null;
    }

    private static void TryDeleteEmpty(string folder)
    {
        try
        {
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left empty: harmless, and the probe's own verdict is what matters.
        }
    }
}
