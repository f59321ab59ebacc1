using System.Diagnostics;
using System.Text.RegularExpressions;

namespace MlOps.Core.Tracking;

/// <summary>The commit a run was trained from, read with the git command line when it is there.</summary>
public sealed partial record GitInfo(string? Commit, string? Branch, string? RepoUrl, bool? Dirty)
{
    public static readonly GitInfo None = new(null, null, null, null);

    public static GitInfo Read(string repositoryRoot)
    {
        var commit = Git(repositoryRoot, "rev-parse HEAD");
        if (commit is null)
        {
            return None;
        }
        var branch = Git(repositoryRoot, "rev-parse --abbrev-ref HEAD");
        var url = Git(repositoryRoot, "config --get remote.origin.url");
        var status = Git(repositoryRoot, "status --porcelain --untracked-files=no");
        return new GitInfo(commit, branch is "HEAD" ? null : branch, url is null ? null : StripCredentials(url), status is null ? null : status.Length > 0);
    }

    /// <summary>https://user:token@host/… loses its user info: a token must never reach MLflow.</summary>
    public static string StripCredentials(string url) => UserInfo().Replace(url, "$1");

    private static string? Git(string directory, string arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git", arguments)
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }
            var output = process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            if (!process.WaitForExit(10_000))
            {
                process.Kill();
                return null;
            }
            return process.ExitCode == 0 ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // git is not installed: the run is logged without git tags.
            return null;
        }
    }

    [GeneratedRegex(@"^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]+@")]
    private static partial Regex UserInfo();
}
