using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using MlOps.Mlflow;
using MlOps.Mlflow.Outbox;
using MlOps.Specs.Model;

namespace MlOps.Core.Tracking;

/// <summary>MLflow's system tags (what the UI shows as source, user, git, note) plus MlOps's own.</summary>
public static class RunTags
{
    public const string SpecName = "mlops.spec.name";
    public const string Fingerprint = "mlops.spec.fingerprint";
    public const string Verdict = "mlops.verdict";

    /// <summary>The outbox's tag keys, under the product's prefix (mlops.outbox.run_id, mlops.registered_version…).</summary>
    public static readonly OutboxTags Outbox = OutboxTags.WithPrefix("mlops");

    public static IReadOnlyList<MlflowTag> Build(RunResult result, FineTuneSpec spec, string outputDir, string repositoryRoot, GitInfo git, CiContext ci, string user)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(git);
        ArgumentNullException.ThrowIfNull(ci);
        var tags = new Dictionary<string, string?>
        {
            ["mlflow.runName"] = spec.Name,
            ["mlflow.user"] = user,
            ["mlflow.source.name"] = Path.GetRelativePath(repositoryRoot, spec.SpecPath).Replace('\\', '/'),
            ["mlflow.source.type"] = "LOCAL",
            ["mlflow.source.git.commit"] = git.Commit,
            ["mlflow.source.git.branch"] = ci.RefName ?? git.Branch,
            ["mlflow.source.git.repoURL"] = git.RepoUrl,
            ["mlflow.source.git.dirty"] = git.Dirty?.ToString().ToLowerInvariant(),
            ["mlflow.note.content"] = Note(result, outputDir),
            [SpecName] = spec.Name,
            [Fingerprint] = result.Spec.Fingerprint,
            [Verdict] = JsonName.Of(result.Verdict),
            ["mlops.tool_version"] = result.ToolVersion,
            ["mlops.device"] = result.Device,
            ["mlops.stop_reason"] = JsonName.Of(result.Training.StopReason),
            ["mlops.ci.run_url"] = ci.RunUrl,
            ["mlops.ci.workflow"] = ci.Workflow,
            ["mlops.ci.pr"] = ci.PullRequest,
            ["mlops.ci.actor"] = ci.Actor,
        };
        // Any value past MLflow's limit is cut as MLflow's own client cuts it (MLFLOW_TRUNCATE_LONG_VALUES): a long branch name never fails the run.
        return tags.Where(t => !string.IsNullOrEmpty(t.Value)).Select(t => new MlflowTag(t.Key, Truncated(t.Value!))).ToList();
    }

    private static string Truncated(string value) => value.Length <= MlflowLimits.MaxTagValueLength ? value : value[..MlflowLimits.MaxTagValueLength];

    /// <summary>report.md becomes the run's description (cut to MLflow's tag limit).</summary>
    private static string? Note(RunResult result, string outputDir)
    {
        var report = result.Outputs.Report ?? Path.Combine(outputDir, "report.md");
        if (!File.Exists(report))
        {
            return null;
        }
        var text = File.ReadAllText(report);
        const string Cut = "\n\n… (cut: the full report is the report.md artifact)";
        return text.Length <= MlflowLimits.MaxTagValueLength ? text : text[..(MlflowLimits.MaxTagValueLength - Cut.Length)] + Cut;
    }
}
