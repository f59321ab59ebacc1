using System.Globalization;
using System.Text.Json;
using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;

namespace MlOps.Cli.GitHub;

/// <summary>
/// `mlops report --github`: what the Action's report step does with one or more output folders —
/// annotations on the spec lines, the job summary, the step outputs and, with --comment, the sticky
/// pull-request comment. Always reports; the verdict is the `passed` output, enforced by a later step.
/// </summary>
internal sealed class GitHubReport(GitHubEnvironment env, TextWriter stdout)
{
    public const string SummaryFileName = "mlops-summary.md";

    public sealed record Options(IReadOnlyList<string> Folders, bool Comment, string? Token, int? PullRequest, string ArtifactName);

    public async Task<bool> RunAsync(Options options, CancellationToken cancel)
    {
        var token = options.Token ?? env.Token;
        if (token is not null)
        {
            // Before anything else is printed, so no later line can show it.
            stdout.WriteLine(WorkflowCommands.AddMask(token));
        }
        var runs = ReportedRun.Collect(options.Folders);
        var passed = CombinedReport.Passed(runs);

        var annotations = GateAnnotations.Lines(runs, env.Workspace);
        foreach (var line in annotations)
        {
            stdout.WriteLine(line);
        }
        var report = CombinedReport.Render(runs, GateAnnotations.NotAnnotated(runs));
        var reportPath = Path.GetFullPath(Path.Combine(options.Folders[0], SummaryFileName));
        File.WriteAllText(reportPath, report);
        if (env.StepSummaryFile is { } summary)
        {
            var existing = File.Exists(summary) ? new FileInfo(summary).Length : 0;
            File.AppendAllText(summary, CombinedReport.FitSummary(report, existing, env.RunUrl, options.ArtifactName));
        }
        if (env.OutputFile is { } output)
        {
            GitHubOutputFile.Append(output,
            [
                ("passed", passed ? "true" : "false"),
                ("run-ids", string.Join(",", runs.Select(r => r.Result.Tracking?.RunId).OfType<string>())),
                ("metrics-json", MetricsJson(runs)),
                ("report-path", reportPath),
            ]);
        }
        stdout.WriteLine($"{CombinedReport.Headline(runs)}; report: {reportPath}");
        if (options.Comment)
        {
            await CommentAsync(runs, token, options.PullRequest, cancel).ConfigureAwait(false);
        }
        return passed;
    }

    /// <summary>spec name → validation metrics, compact.</summary>
    public static string MetricsJson(IReadOnlyList<ReportedRun> runs)
    {
        var map = new SortedDictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            map[run.Result.Spec.Name] = new SortedDictionary<string, double>(run.Result.Metrics.For(MetricSplit.Validation).ToDictionary(), StringComparer.Ordinal);
        }
        return JsonSerializer.Serialize(map, CompactJson);
    }

    private async Task CommentAsync(IReadOnlyList<ReportedRun> runs, string? token, int? pullRequest, CancellationToken cancel)
    {
        var number = pullRequest ?? StickyComment.PullRequestNumber(env.EventPath);
        string? missing = number is null ? "this is not a pull_request event (and no --pr-number was given)"
            : token is null ? "no token (pass --github-token or set GITHUB_TOKEN)"
            : env.Repository is null ? "GITHUB_REPOSITORY is not set"
            : null;
        if (missing is not null)
        {
            stdout.WriteLine(WorkflowCommands.Notice($"MlOps: no pull-request comment posted: {missing}"));
            return;
        }
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var comment = new StickyComment(http, env.ApiUrl, env.Repository!, token!);
        try
        {
            var outcome = await comment.UpsertAsync(number!.Value, PullRequestComment.Marker(runs), PullRequestComment.Render(runs, env.RunUrl), cancel).ConfigureAwait(false);
            stdout.WriteLine(outcome.Posted ? outcome.Message : WorkflowCommands.Notice("MlOps: " + outcome.Message));
        }
        catch (HttpRequestException e)
        {
            // The comment is a convenience; the status check carries the verdict.
            var status = e.StatusCode is { } code ? ((int)code).ToString(CultureInfo.InvariantCulture) : "no response";
            stdout.WriteLine(WorkflowCommands.Warning($"MlOps: could not post the pull-request comment ({status}): {e.Message}"));
        }
        catch (TaskCanceledException) when (!cancel.IsCancellationRequested)
        {
            stdout.WriteLine(WorkflowCommands.Warning("MlOps: the GitHub API did not answer within 30 s; no pull-request comment posted"));
        }
    }

    private static readonly JsonSerializerOptions CompactJson = new() { WriteIndented = false, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
}
