namespace MlOps.Cli.GitHub;

/// <summary>The GITHUB_* variables the report step reads; every one may be missing outside Actions.</summary>
internal sealed record GitHubEnvironment
{
    public string? Workspace { get; init; }
    public string? OutputFile { get; init; }
    public string? StepSummaryFile { get; init; }
    public string? EventPath { get; init; }
    public string ApiUrl { get; init; } = "https://api.github.com";
    public string ServerUrl { get; init; } = "https://github.com";
    public string? Repository { get; init; }
    public string? RunId { get; init; }
    public string? Token { get; init; }

    public static GitHubEnvironment FromProcess() => From(Environment.GetEnvironmentVariable);

    public static GitHubEnvironment From(Func<string, string?> env) => new()
    {
        Workspace = NonEmpty(env("GITHUB_WORKSPACE")),
        OutputFile = NonEmpty(env("GITHUB_OUTPUT")),
        StepSummaryFile = NonEmpty(env("GITHUB_STEP_SUMMARY")),
        EventPath = NonEmpty(env("GITHUB_EVENT_PATH")),
        ApiUrl = (NonEmpty(env("GITHUB_API_URL")) ?? "https://api.github.com").TrimEnd('/'),
        ServerUrl = (NonEmpty(env("GITHUB_SERVER_URL")) ?? "https://github.com").TrimEnd('/'),
        Repository = NonEmpty(env("GITHUB_REPOSITORY")),
        RunId = NonEmpty(env("GITHUB_RUN_ID")),
        Token = NonEmpty(env("GITHUB_TOKEN")),
    };

    /// <summary>Where the uploaded artifact can be found: the workflow run's page.</summary>
    public string? RunUrl => Repository is { } repo && RunId is { } id ? $"{ServerUrl}/{repo}/actions/runs/{id}" : null;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
