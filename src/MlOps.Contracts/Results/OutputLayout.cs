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

    /// <summary>
    /// The names a run writes at the top of its folder. When a completed run replaces the folder, an
    /// earlier run's entry with one of these names goes (it would describe the earlier run); any other
    /// entry is the user's and is kept.
    /// </summary>
    public static IReadOnlyList<string> RunOwnedNames { get; } =
    [
        "result.json", "result.json.staged", "model", "checkpoint", "checkpoint.next", "spec.resolved.json", "history.csv",
        "report.md", "junit.xml", "plots", "adapter", "predictions.csv", "repeats", BaseCheckpointSource.FileName,
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
    public static void WriteAtomically(string path, string content)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        File.WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true);
    }
}
