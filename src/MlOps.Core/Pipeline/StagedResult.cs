using MlOps.Contracts.Results;

namespace MlOps.Core.Pipeline;

/// <summary>
/// A run writes into its staging folder, but its result.json names the files where they will be
/// once the folder is swapped in (<see cref="OutputStaging"/>): the output folder the user asked for.
/// </summary>
internal static class StagedResult
{
    public static RunResult Published(RunResult result, string staging, string final)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (string.Equals(staging, final, StringComparison.Ordinal))
        {
            return result;
        }
        string Moved(string path)
        {
            var relative = Path.GetRelativePath(staging, path);
            return relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative)
                ? path
                : Path.GetFullPath(Path.Combine(final, relative));
        }
        var o = result.Outputs;
        return result with
        {
            Outputs = o with
            {
                Directory = Moved(o.Directory),
                Model = Moved(o.Model),
                ResolvedSpec = Moved(o.ResolvedSpec),
                History = Moved(o.History),
                Report = o.Report is null ? null : Moved(o.Report),
                Junit = o.Junit is null ? null : Moved(o.Junit),
                Plots = [.. o.Plots.Select(Moved)],
                Adapter = o.Adapter is null ? null : Moved(o.Adapter),
                Predictions = o.Predictions is null ? null : Moved(o.Predictions),
                ModelCard = o.ModelCard is null ? null : Moved(o.ModelCard),
            },
            Sweep = result.Sweep is null ? null : result.Sweep with { Trials = [.. result.Sweep.Trials.Select(t => t with { Directory = Moved(t.Directory) })] },
            Repeats = result.Repeats is null ? null : result.Repeats with { Runs = [.. result.Repeats.Runs.Select(r => r with { Directory = Moved(r.Directory) })] },
            Export = result.Export is not { } e ? null : e with { Folder = Moved(e.Folder), Model = Moved(e.Model), Manifest = Moved(e.Manifest) },
        };
    }
}
