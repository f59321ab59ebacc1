using MlOps.Contracts.Results;

namespace MlOps.Core.Pipeline;

/// <summary>
/// A reused run's result.json, downloaded into this run's output folder: its output paths moved
/// from the original run's folder to this one, and only those that exist here.
/// </summary>
internal static class ReusedResult
{
    public static RunResult Rebase(RunResult original, string directory)
    {
        var from = original.Outputs.Directory;
        string Here(string path) => Path.GetFullPath(Path.Combine(directory, Path.GetRelativePath(from, path)));
        string? File(string? path) => path is not null && System.IO.File.Exists(Here(path)) ? Here(path) : null;
        var outputs = original.Outputs;
        return original with
        {
            Outputs = new OutputPaths(directory, Here(outputs.Model), Here(outputs.ResolvedSpec), Here(outputs.History), File(outputs.Report), File(outputs.Junit),
                [.. outputs.Plots.Select(File).OfType<string>()])
            {
                Adapter = outputs.Adapter is { } adapter && Directory.Exists(Here(adapter)) ? Here(adapter) : null,
            },
            Export = original.Export is { } e && Directory.Exists(Here(e.Folder)) ? e with { Folder = Here(e.Folder), Model = Here(e.Model), Manifest = Here(e.Manifest) } : null,
        };
    }
}
