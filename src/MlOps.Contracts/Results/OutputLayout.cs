namespace MlOps.Contracts.Results;

/// <summary>
/// What a run writes, and where: a reader of the folder finds result.json (the summary), model/
/// (the fine-tuned weights), checkpoint/ (for --resume), spec.resolved.json, history.csv and the reports.
/// </summary>
public sealed record OutputLayout(string Directory)
{
    public string Result => Path.Combine(Directory, "result.json");
    public string ModelFolder => Path.Combine(Directory, "model");
    public string Model => Path.Combine(ModelFolder, "model.safetensors");
    public string Checkpoint => Path.Combine(Directory, "checkpoint");
    public string ResolvedSpec => Path.Combine(Directory, "spec.resolved.json");
    public string History => Path.Combine(Directory, "history.csv");
    public string Report => Path.Combine(Directory, "report.md");
    public string Junit => Path.Combine(Directory, "junit.xml");
    public string Plots => Path.Combine(Directory, "plots");
    public string Predictions => Path.Combine(Directory, "predictions.csv");
    /// <summary>README.md: the model card (Hugging Face format).</summary>
    public string ModelCard => Path.Combine(Directory, "README.md");

    /// <summary>
    /// The names a run writes at the top of its folder. When a completed run replaces the folder, an
    /// earlier run's entry with one of these names goes (it would describe the earlier run); any other
    /// entry is the user's and is kept.
    /// </summary>
    public static IReadOnlyList<string> RunOwnedNames { get; } =
    [
        "result.json", "result.json.staged", "model", "checkpoint", "checkpoint.next", "spec.resolved.json", "history.csv",
        "report.md", "junit.xml", "plots", "adapter", "predictions.csv", "repeats", "trials", BaseCheckpointSource.FileName, "onnx",
        "README.md",
    ];

    public static bool IsRunOwned(string name) => RunOwnedNames.Contains(name, StringComparer.Ordinal);

    /// <summary>The folder asked for, else <c>out/&lt;spec name&gt;</c>.</summary>
    public static OutputLayout For(string? outputDirectory, string specName) =>
        new(WithoutTrailingSeparator(Path.GetFullPath(outputDirectory ?? Path.Combine("out", specName))));

    /// <summary>"out/x/" names the folder "x": its siblings (lock, staging) are found by its name.</summary>
    private static string WithoutTrailingSeparator(string path)
    {
        var trimmed = path.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return trimmed.Length == 0 || trimmed.EndsWith(":", StringComparison.Ordinal) ? path : trimmed;
    }

    /// <summary>Writes a file whole or not at all: readers never see half of it.</summary>
    public static void WriteAtomically(string path, string content) =>
        WriteAtomically(path, temp => File.WriteAllText(temp, content));

    /// <summary>The same for bytes (plots). Not File.WriteAllBytes: its preallocation turns a file-size limit into an ArgumentOutOfRangeException.</summary>
    public static void WriteAtomically(string path, byte[] content) =>
        WriteAtomically(path, temp =>
        {
            using var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None);
            stream.Write(content, 0, content.Length);
        });

    /// <summary>
    /// Writes to a temporary name beside <paramref name="path"/> and renames it into place; when the
    /// write fails (a full disk) the temporary file is removed, so neither name holds half a file.
    /// </summary>
    private static void WriteAtomically(string path, Action<string> write)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        try
        {
            write(temp);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw;
        }
        catch (ArgumentOutOfRangeException e)
        {
            // .NET reports EFBIG (a file-size limit reached mid-write) this way: an IO failure all the same.
            TryDelete(temp);
            throw new IOException($"the file system refused to grow '{temp}' ({e.Message})", e);
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The write's own failure is the one to report.
        }
    }
}
