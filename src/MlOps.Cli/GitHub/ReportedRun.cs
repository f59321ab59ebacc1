using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Evaluation;
using MlOps.Core.Pipeline;
using MlOps.Core.Reporting;
using MlOps.Specs.Model;

namespace MlOps.Cli.GitHub;

/// <summary>One run's result.json and the folder it was read from.</summary>
internal sealed record ReportedRun(string Folder, RunResult Result)
{
    /// <summary>
    /// Each argument is an output folder holding result.json, or a folder whose sub-folders hold
    /// one (`$RUNNER_TEMP/mlops/` with one folder per spec). Ordered by spec name so the report,
    /// the outputs and the comment marker are the same on every push.
    /// </summary>
    public static IReadOnlyList<ReportedRun> Collect(IEnumerable<string> arguments)
    {
        var runs = new List<ReportedRun>();
        foreach (var argument in arguments)
        {
            if (File.Exists(Path.Combine(argument, RunResultFile.FileName)))
            {
                runs.Add(Read(argument));
                continue;
            }
            if (!Directory.Exists(argument))
            {
                throw NothingFound(argument, "the folder does not exist");
            }
            var found = Directory.EnumerateDirectories(argument)
                .Where(d => File.Exists(Path.Combine(d, RunResultFile.FileName)))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (found.Count == 0)
            {
                throw NothingFound(argument, "neither it nor any folder directly inside it holds a result.json");
            }
            runs.AddRange(found.Select(Read));
        }
        return [.. runs.OrderBy(r => r.Result.Spec.Name, StringComparer.Ordinal).ThenBy(r => r.Folder, StringComparer.Ordinal)];
    }

    private static ReportedRun Read(string folder) =>
        new(folder, RunResultFile.Read(Path.Combine(folder, RunResultFile.FileName)));

    private static MlOpsException NothingFound(string argument, string why) =>
        new(Diagnostic.Error(ResultErrorCodes.ResultFileUnreadable,
            $"no run results in {argument}: {why}; pass a run's output folder or the folder that holds one folder per spec (MlOpsOutputPath)",
            SourceLocation.None(argument)));
}
