namespace MlOps.Reliability.Tests.Infrastructure;

/// <summary>
/// A throwaway repository (a .git folder marks its root) holding copies of the samples' specs,
/// data and models, so every relative path in a spec resolves as it does in the real tree.
/// </summary>
public sealed class SampleRepo : IDisposable
{
    private static readonly string[] SampleFolders = ["specs", "pretrain", "experiments", "data", "models"];

    public SampleRepo()
    {
        Root = Directory.CreateTempSubdirectory("mlops-reliability-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, ".git"));
        foreach (var sample in Directory.GetDirectories(Path.Combine(SourceRoot, "samples")))
        {
            foreach (var folder in SampleFolders.Select(f => Path.Combine(sample, f)).Where(Directory.Exists))
            {
                CopyTree(folder, Path.Combine(Root, "samples", Path.GetFileName(sample), Path.GetFileName(folder)));
            }
        }
    }

    public string Root { get; }

    /// <summary>The checked-out source tree (where MlOps.sln lives).</summary>
    public static string SourceRoot { get; } = FindSourceRoot();

    /// <summary>Every sample spec: samples/**/specs/*.yaml and samples/**/pretrain/*.yaml.</summary>
    public IReadOnlyList<string> SampleSpecs() =>
        [.. Directory.GetFiles(Path.Combine(Root, "samples"), "*.yaml", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) is "specs" or "pretrain")
            .Order(StringComparer.Ordinal)];

    public string Write(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A killed child process may still hold a file for a moment; the temp folder is cleaned by the OS.
        }
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
        foreach (var dir in Directory.GetDirectories(from))
        {
            CopyTree(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }

    private static string FindSourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MlOps.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("MlOps.sln not found above " + AppContext.BaseDirectory);
    }
}
