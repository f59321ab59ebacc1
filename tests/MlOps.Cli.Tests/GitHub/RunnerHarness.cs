using System.CommandLine;
using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using MlOps.Core.Reporting;

namespace MlOps.Cli.Tests.GitHub;

/// <summary>Tests that set GITHUB_* variables run alone: the variables are process-wide.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GitHubEnvironmentCollection
{
    public const string Name = "GitHub runner environment";
}

/// <summary>
/// A GitHub runner in a temp folder: GITHUB_WORKSPACE, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and a
/// pull_request event, set as the runner sets them, then `mlops report --github` run in-process.
/// </summary>
internal sealed class RunnerHarness : IDisposable
{
    private static readonly string[] Variables =
        ["GITHUB_WORKSPACE", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_EVENT_PATH", "GITHUB_API_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID", "GITHUB_SERVER_URL", "GITHUB_TOKEN"];

    private readonly Dictionary<string, string?> saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);

    public string Root { get; } = Directory.CreateTempSubdirectory("mlops-runner-").FullName;
    public string Workspace => Path.Combine(Root, "workspace");
    public string OutputFile => Path.Combine(Root, "github_output");
    public string SummaryFile => Path.Combine(Root, "step_summary.md");
    public string Outputs => Path.Combine(Root, "temp", "mlops");

    public RunnerHarness(int pullRequest = 7, string apiUrl = "http://127.0.0.1:9/")
    {
        Directory.CreateDirectory(Workspace);
        Directory.CreateDirectory(Outputs);
        File.WriteAllText(OutputFile, "");
        var eventPath = Path.Combine(Root, "event.json");
        File.WriteAllText(eventPath, "{\"action\":\"synchronize\",\"pull_request\":{\"number\":" + pullRequest.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}");
        Set("GITHUB_WORKSPACE", Workspace);
        Set("GITHUB_OUTPUT", OutputFile);
        Set("GITHUB_STEP_SUMMARY", SummaryFile);
        Set("GITHUB_EVENT_PATH", eventPath);
        Set("GITHUB_API_URL", apiUrl);
        Set("GITHUB_REPOSITORY", "octo/models");
        Set("GITHUB_RUN_ID", "4242");
        Set("GITHUB_SERVER_URL", "https://github.com");
        Set("GITHUB_TOKEN", null);
    }

    public static void Set(string name, string? value) => Environment.SetEnvironmentVariable(name, value);

    /// <summary>Writes result.json into $RUNNER_TEMP/mlops/&lt;spec name&gt;/, as MlOpsOutputPath lays it out.</summary>
    public string AddRun(RunResult result)
    {
        var folder = Path.Combine(Outputs, result.Spec.Name);
        Directory.CreateDirectory(folder);
        RunResultFile.Write(result, Path.Combine(folder, RunResultFile.FileName));
        return folder;
    }

    public (int Exit, string Out, string Err) Report(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = Program.BuildRoot().Parse(["report", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>$GITHUB_OUTPUT parsed as the runner parses it (heredoc form).</summary>
    public Dictionary<string, string> ReadOutputs()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = File.ReadAllText(OutputFile).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Split("<<", 2) is [var name, var delimiter])
            {
                var end = Array.IndexOf(lines, delimiter, i + 1);
                values[name] = string.Join("\n", lines[(i + 1)..end]);
                i = end;
            }
        }
        return values;
    }

    public void Dispose()
    {
        foreach (var (name, value) in saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
        Directory.Delete(Root, recursive: true);
    }
}
