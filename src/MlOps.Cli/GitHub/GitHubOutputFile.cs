namespace MlOps.Cli.GitHub;

/// <summary>
/// Appends step outputs to $GITHUB_OUTPUT. Every value uses the heredoc form
/// (`name&lt;&lt;DELIMITER`) with a random delimiter, so a value holding newlines — or a line that
/// looks like `other=value` — cannot end it early or forge another output.
/// </summary>
internal static class GitHubOutputFile
{
    public static void Append(string path, IReadOnlyList<(string Name, string Value)> outputs)
    {
        using var writer = new StreamWriter(path, append: true, new System.Text.UTF8Encoding(false));
        foreach (var (name, value) in outputs)
        {
            var delimiter = "ghadelimiter_" + Guid.NewGuid().ToString("N");
            writer.Write($"{name}<<{delimiter}\n{value}\n{delimiter}\n");
        }
    }
}
