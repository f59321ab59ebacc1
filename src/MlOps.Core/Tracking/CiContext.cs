using System.Text.Json;
using System.Text.RegularExpressions;

namespace MlOps.Core.Tracking;

/// <summary>What GitHub Actions says about the job (GITHUB_* variables and the event payload).</summary>
public sealed partial record CiContext(string? RunUrl, string? Workflow, string? PullRequest, string? Actor, string? RefName, string? DefaultBranch)
{
    public bool IsGitHubActions => RunUrl is not null || Workflow is not null;

    public static CiContext FromEnvironment(Func<string, string?> env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var server = env("GITHUB_SERVER_URL") ?? "https://github.com";
        var repository = env("GITHUB_REPOSITORY");
        var runId = env("GITHUB_RUN_ID");
        var runUrl = repository is not null && runId is not null ? $"{server.TrimEnd('/')}/{repository}/actions/runs/{runId}" : null;
        var (eventPr, defaultBranch) = ReadEvent(env("GITHUB_EVENT_PATH"));
        var refMatch = env("GITHUB_REF") is { } gitRef ? PullRef().Match(gitRef) : null;
        var pr = eventPr ?? (refMatch is { Success: true } ? refMatch.Groups[1].Value : null);
        return new CiContext(runUrl, env("GITHUB_WORKFLOW"), pr, env("GITHUB_ACTOR"), env("GITHUB_REF_NAME"), defaultBranch);
    }

    /// <summary>
    /// The default branch is where promotion happens: in Actions, GITHUB_REF_NAME must equal the
    /// repository's default_branch from the event; elsewhere main or master.
    /// </summary>
    public bool IsDefaultBranch(string? gitBranch)
    {
        if (RefName is not null && DefaultBranch is not null)
        {
            return PullRequest is null && RefName == DefaultBranch;
        }
        var branch = RefName ?? gitBranch;
        return PullRequest is null && branch is "main" or "master";
    }

    private static (string? PullRequest, string? DefaultBranch) ReadEvent(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return (null, null);
        }
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            var root = json.RootElement;
            string? defaultBranch = root.TryGetProperty("repository", out var repo) && repo.TryGetProperty("default_branch", out var b) ? b.GetString() : null;
            string? pr = root.TryGetProperty("pull_request", out var p) && p.TryGetProperty("number", out var n) ? n.ToString() : null;
            return (pr, defaultBranch);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    [GeneratedRegex(@"^refs/pull/(\d+)/")]
    private static partial Regex PullRef();
}
