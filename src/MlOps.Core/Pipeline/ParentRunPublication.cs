using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Reporting;

namespace MlOps.Core.Pipeline;

/// <summary>
/// The end of a run that stands on child runs (repeats, sweep trials): its reports, its MLflow run as
/// the parent of the children's (<c>mlflow.parentRunId</c>), then result.json (once, last), naming the
/// files where the staging swap puts them.
/// </summary>
internal static class ParentRunPublication
{
    public static RunOutcome Publish(RunResult result, OutputLayout layout, OutputLayout published, RunTracking tracking, IRunObserver observer,
        IEnumerable<RunResult> children)
    {
        var reports = ReportWriter.WriteAll(result, layout.Directory);
        result = result with { Outputs = result.Outputs with { Report = reports.Markdown, Junit = reports.Junit, Plots = reports.Plots, ModelCard = reports.ModelCard } };

        observer.OnStage("tracking");
        // Tracking uploads the staging folder; result.json names the files where the swap puts them.
        using var publication = new ResultPublication(StagedResult.Published(result, layout.Directory, published.Directory), layout.Result);
        var parent = tracking.Log(result, layout.Directory, publication.Stage);
        if (parent is { Outboxed: false })
        {
            tracking.LinkChildren(parent.RunId, [.. children.Select(c => c.Tracking).OfType<TrackingInfo>().Where(t => !t.Outboxed).Select(t => t.RunId)]);
        }
        result = publication.Commit(parent);
        return new RunOutcome(result.Verdict == RunVerdict.Failed ? ExitCodes.GateFailed : ExitCodes.Passed, result, published.Result);
    }
}
