using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOps.Cli.GitHub;

/// <summary>
/// Creates or updates the one pull-request comment that carries a marker, through the REST API
/// (issues comments: a PR is an issue). 403/404 — a fork's read-only token, or a workflow without
/// `pull-requests: write` — is reported as a notice, never a failure: the gate is the status check.
/// </summary>
internal sealed class StickyComment(HttpClient http, string apiUrl, string repository, string token)
{
    public sealed record Outcome(bool Posted, long? CommentId, bool Created, string Message);

    public async Task<Outcome> UpsertAsync(int pullRequest, string marker, string body, CancellationToken cancel)
    {
        var (existing, refusedSearch) = await FindAsync(pullRequest, marker, cancel).ConfigureAwait(false);
        if (refusedSearch is not null)
        {
            return refusedSearch;
        }
        using var request = existing is { } id
            ? Request(HttpMethod.Patch, $"{apiUrl}/repos/{repository}/issues/comments/{id}", body)
            : Request(HttpMethod.Post, $"{apiUrl}/repos/{repository}/issues/{pullRequest}/comments", body);
        using var response = await http.SendAsync(request, cancel).ConfigureAwait(false);
        if (Refused(response) is { } refused)
        {
            return refused;
        }
        response.EnsureSuccessStatusCode();
        var comment = await response.Content.ReadFromJsonAsync<CommentJson>(cancel).ConfigureAwait(false);
        var verb = existing is null ? "created" : "updated";
        return new Outcome(true, comment?.Id, existing is null, $"{verb} the MlOps comment on pull request #{pullRequest}{(comment?.HtmlUrl is { } url ? ": " + url : "")}");
    }

    private async Task<(long? Id, Outcome? Refused)> FindAsync(int pullRequest, string marker, CancellationToken cancel)
    {
        for (var page = 1; page <= 30; page++)
        {
            using var request = Request(HttpMethod.Get, $"{apiUrl}/repos/{repository}/issues/{pullRequest}/comments?per_page=100&page={page}", null);
            using var response = await http.SendAsync(request, cancel).ConfigureAwait(false);
            if (Refused(response) is { } refused)
            {
                return (null, refused);
            }
            response.EnsureSuccessStatusCode();
            var comments = await response.Content.ReadFromJsonAsync<List<CommentJson>>(cancel).ConfigureAwait(false) ?? [];
            if (comments.FirstOrDefault(c => c.Body?.Contains(marker, StringComparison.Ordinal) == true) is { } found)
            {
                return (found.Id, null);
            }
            if (comments.Count < 100)
            {
                return (null, null);
            }
        }
        return (null, null);
    }

    private static Outcome? Refused(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound
            ? new Outcome(false, null, false,
                $"could not comment on the pull request (HTTP {(int)response.StatusCode}): the token may not write here — a pull request from a fork gets a read-only token, or the workflow lacks `permissions: pull-requests: write`. The report is in the job summary; for forks, post it from a workflow_run workflow (docs/github-action.md).")
            : null;

    private HttpRequestMessage Request(HttpMethod method, string url, string? body)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.Accept.ParseAdd("application/vnd.github+json");
        request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        request.Headers.UserAgent.ParseAdd("mlops-report");
        if (body is not null)
        {
            request.Content = JsonContent.Create(new { body });
        }
        return request;
    }

    private sealed record CommentJson(
        [property: JsonPropertyName("id")] long Id,
        [property: JsonPropertyName("body")] string? Body,
        [property: JsonPropertyName("html_url")] string? HtmlUrl);

    internal static int? PullRequestNumber(string? eventPath)
    {
        if (eventPath is null || !File.Exists(eventPath))
        {
            return null;
        }
        using var json = JsonDocument.Parse(File.ReadAllText(eventPath));
        return json.RootElement.TryGetProperty("pull_request", out var pr) && pr.TryGetProperty("number", out var number) && number.TryGetInt32(out var n)
            ? n
            : null;
    }
}
