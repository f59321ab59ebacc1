using System.Text.Json;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MlOps.Build.Results;

namespace MlOps.Build.Tasks;

/// <summary>
/// Turns each spec's result.json into an @(MlOpsRunResult) item for users' own targets, whether
/// the spec trained in this build or was up to date.
/// </summary>
public sealed class ReadFineTuneResults : Microsoft.Build.Utilities.Task
{
    /// <summary>Planned specs (metadata SpecName, ResultFile) from ComputeFineTuneFingerprint.</summary>
    [Required]
    public ITaskItem[] Specs { get; set; } = [];

    /// <summary>
    /// One item per spec with a result (identity: the spec path). Metadata: SpecName, Passed,
    /// Verdict, RunId, ResultPath, OutputDirectory and each validation metric by name (e.g. accuracy).
    /// </summary>
    [Output]
    public ITaskItem[] Results { get; set; } = [];

    public override bool Execute()
    {
        var results = new List<ITaskItem>();
        foreach (var spec in Specs)
        {
            var path = spec.GetMetadata("ResultFile");
            if (string.IsNullOrEmpty(path) || !File.Exists(path))
            {
                continue;
            }
            try
            {
                results.Add(ToItem(spec, path, ResultSummary.Read(path)));
            }
            catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
            {
                Log.LogError(null, BuildErrorCodes.ResultUnreadable, null, path, 0, 0, 0, 0,
                    $"cannot read the result of spec '{spec.GetMetadata("SpecName")}': {e.Message}. Delete the file and build again to retrain.");
            }
        }
        Results = results.ToArray();
        return !Log.HasLoggedErrors;
    }

    private static TaskItem ToItem(ITaskItem spec, string path, ResultSummary summary)
    {
        var item = new TaskItem(spec.ItemSpec);
        foreach (var (name, value) in summary.ValidationMetrics)
        {
            item.SetMetadata(name, ResultSummary.Format(value));
        }
        item.SetMetadata("SpecName", spec.GetMetadata("SpecName"));
        item.SetMetadata("OutputDirectory", spec.GetMetadata("OutputDirectory"));
        item.SetMetadata("Verdict", summary.Verdict);
        item.SetMetadata("Passed", summary.Verdict == "passed" ? "true" : "false");
        item.SetMetadata("RunId", summary.RunId ?? "");
        item.SetMetadata("ResultPath", path);
        return item;
    }
}
