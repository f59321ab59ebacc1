using System.Net;
using static MlOps.Cli.Tests.GitHub.RunResults;

namespace MlOps.Cli.Tests.GitHub;

[Collection(GitHubEnvironmentCollection.Name)]
public sealed class StickyCommentTests : IDisposable
{
    private const string Token = "ghs_secretTokenValue123";
    private readonly FakeGitHubApi api = new();
    private readonly RunnerHarness runner;

    public StickyCommentTests() => runner = new RunnerHarness(pullRequest: 7, apiUrl: api.Url);

    private string Spec => Path.Combine(runner.Workspace, "specs", "credit.yaml");

    [Fact]
    public void The_first_push_creates_the_comment_and_the_next_push_updates_the_same_one()
    {
        runner.AddRun(With("credit", Spec, Gate("accuracy min 0.9", false, Spec, 31)));
        var (exit, output, _) = runner.Report(runner.Outputs, "--github", "--comment", "--github-token", Token);

        Assert.Equal(0, exit);
        var first = Assert.Single(api.Comments);
        Assert.Equal(7, first.Issue);
        Assert.StartsWith("<!-- mlops-report specs=credit -->", first.Body, StringComparison.Ordinal);
        Assert.Contains("### ❌ credit: failed — 1 of 1 gates failed", first.Body, StringComparison.Ordinal);
        Assert.Contains("| accuracy | 0.874 | 0.900 | -0.026 |", first.Body, StringComparison.Ordinal);
        Assert.Contains("female (120, 0.310)", first.Body, StringComparison.Ordinal);
        Assert.Contains("created the MlOps comment on pull request #7", output, StringComparison.Ordinal);

        // The next push: the gate passes now.
        runner.AddRun(With("credit", Spec, Gate("accuracy min 0.8", true, Spec, 31)));
        runner.Report(runner.Outputs, "--github", "--comment", "--github-token", Token);

        var updated = Assert.Single(api.Comments);
        Assert.Equal(first.Id, updated.Id);
        Assert.Contains("### ✅ credit: passed", updated.Body, StringComparison.Ordinal);
        Assert.Contains($"PATCH /repos/octo/models/issues/comments/{first.Id}", api.Requests);
        Assert.All(api.Authorizations, a => Assert.Equal("Bearer " + Token, a));
    }

    [Fact]
    public void Each_spec_set_keeps_its_own_comment()
    {
        var digits = Path.Combine(runner.Workspace, "specs", "digits.yaml");
        runner.AddRun(With("digits", digits, Gate("accuracy min 0.8", true, digits, 3)));
        runner.AddRun(With("credit", Spec, Gate("accuracy min 0.8", true, Spec, 31)));
        runner.Report(runner.Outputs, "--github", "--comment", "--github-token", Token);

        // Another workflow reports only one of the specs: a second comment, the first one untouched.
        var single = Path.Combine(runner.Outputs, "credit");
        runner.Report(single, "--github", "--comment", "--github-token", Token);

        Assert.Equal(2, api.Comments.Count);
        Assert.StartsWith("<!-- mlops-report specs=credit,digits -->", api.Comments[0].Body, StringComparison.Ordinal);
        Assert.StartsWith("<!-- mlops-report specs=credit -->", api.Comments[1].Body, StringComparison.Ordinal);
        Assert.Contains("## ✅ MlOps: 2 of 2 specs passed", api.Comments[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public void The_token_is_masked_first_and_never_printed_otherwise()
    {
        runner.AddRun(With("credit", Spec, Gate("accuracy min 0.9", false, Spec, 31)));

        var (_, output, error) = runner.Report(runner.Outputs, "--github", "--comment", "--github-token", Token);

        Assert.StartsWith("::add-mask::" + Token, output, StringComparison.Ordinal);
        Assert.Equal(1, CountOf(output, Token));
        Assert.DoesNotContain(Token, error, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, File.ReadAllText(runner.SummaryFile), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    public void A_refused_comment_is_a_notice_not_a_failure(HttpStatusCode status)
    {
        api.RefuseWith = status;
        runner.AddRun(With("credit", Spec, Gate("accuracy min 0.8", true, Spec, 31)));

        var (exit, output, _) = runner.Report(runner.Outputs, "--github", "--comment", "--github-token", Token);

        Assert.Equal(0, exit);
        Assert.Contains($"::notice::MlOps: could not comment on the pull request (HTTP {(int)status})", output, StringComparison.Ordinal);
        Assert.Empty(api.Comments);
        Assert.Equal("true", runner.ReadOutputs()["passed"]);
    }

    [Fact]
    public void Without_a_pull_request_number_no_comment_is_attempted()
    {
        var eventPath = Path.Combine(runner.Root, "push.json");
        File.WriteAllText(eventPath, """{"ref":"refs/heads/main"}""");
        RunnerHarness.Set("GITHUB_EVENT_PATH", eventPath);
        runner.AddRun(With("credit", Spec, Gate("accuracy min 0.8", true, Spec, 31)));

        var (exit, output, _) = runner.Report(runner.Outputs, "--github", "--comment", "--github-token", Token);

        Assert.Equal(0, exit);
        Assert.Contains("::notice::MlOps: no pull-request comment posted: this is not a pull_request event", output, StringComparison.Ordinal);
        Assert.Empty(api.Requests);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    public void Dispose()
    {
        runner.Dispose();
        api.Dispose();
    }
}
