using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Evaluation;
using MlOps.Core.Gates;
using MlOps.Specs.Fingerprint;
using MlOps.Specs.Model;
using MlOps.Specs.Sweeps;

namespace MlOps.Core.Pipeline.Sweeps;

/// <summary>
/// `mlops aggregate &lt;spec&gt; --from &lt;folder&gt;`: the trials' result.json files that separate jobs
/// wrote (`mlops run --trial`), found anywhere under the folder, concluded exactly as a local sweep
/// concludes (<see cref="SweepConclusion"/>). Every planned trial must be there, once, and record the
/// fingerprint its spec has (on the device it ran on), so a stale or foreign artifact cannot win.
/// </summary>
internal static class SweepAggregate
{
    public static RunOutcome Run(FineTuneSpec spec, string from, OutputLayout layout, OutputLayout published, RunRequest request, GatePolicy? policy, RunTracking tracking,
        IRunObserver observer, DateTimeOffset started)
    {
        var planned = SweepExpansion.Trials(spec.Sweep!, spec.Seed);
        var found = Directory.Exists(from)
            ? Directory.EnumerateFiles(from, "result.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(f => (File: f, Result: RunResultFile.Read(f))).ToList()
            : throw new MlOpsException(Diagnostic.Error(EvaluationErrorCodes.SweepResultsIncomplete, $"--from '{from}' is not a folder: give the folder the trials' artifacts were downloaded to", SourceLocation.None("--from")));
        var trials = new List<SweepConclusion.Trial>();
        var problems = new List<string>();
        foreach (var trial in planned)
        {
            var child = trial.Apply(spec);
            var matches = found.Where(f => f.Result.Spec.Name == child.Name).ToList();
            if (matches.Count != 1)
            {
                problems.Add(matches.Count == 0 ? $"{trial.Id}: no result.json" : $"{trial.Id}: {matches.Count} result.json files ({string.Join(", ", matches.Select(m => m.File))})");
                continue;
            }
            var (file, result) = matches[0];
            if (result.Verdict == RunVerdict.Stopped || result.Spec.Fingerprint != SpecFingerprint.Compute(child, result.Device))
            {
                problems.Add($"{trial.Id}: {file} is {(result.Verdict == RunVerdict.Stopped ? "a stopped run" : "from another version of the spec or data (fingerprint differs)")}");
                continue;
            }
            trials.Add(new(trial, result, new OutputLayout(Path.GetDirectoryName(Path.GetFullPath(file))!)));
        }
        if (problems.Count > 0)
        {
            throw new MlOpsException(Diagnostic.Error(EvaluationErrorCodes.SweepResultsIncomplete,
                $"the sweep's trials under '{from}' are incomplete: {string.Join("; ", problems)}. Download every trial's artifact (one job per `mlops plan` entry)", spec.At(spec.Sweep!.Location)));
        }
        observer.OnMessage($"aggregating {trials.Count} trial(s) from {from}");
        return SweepConclusion.Conclude(spec, layout, published, request, policy, tracking, observer, started, trials);
    }
}
