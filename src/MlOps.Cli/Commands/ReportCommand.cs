using System.CommandLine;
using System.Text.Json;
using MlOps.Cli.GitHub;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Gates;
using MlOps.Core.Pipeline;
using MlOps.Core.Reporting;

namespace MlOps.Cli.Commands;

/// <summary>
/// `mlops report &lt;output-dir&gt;... [--format md|json]`: re-renders report.md, junit.xml and plots/
/// from each folder's result.json, then prints report.md (md) or a JSON summary of verdict and files (json).
/// `--github` instead reports to GitHub Actions (annotations, job summary, step outputs, and with
/// `--comment` the sticky PR comment); a folder may then also be one holding a folder per spec.
/// Exit 0 when rendered (the verdict is in the output), 2 when result.json is missing or malformed,
/// 3 when the folder cannot take the reports.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var output = new Argument<string[]>("output") { Description = "The run's output folder (the one holding result.json); with --github also a folder of such folders.", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "What to print: md (report.md) or json (verdict and files).", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "json");
        var github = new Option<bool>("--github") { Description = "Report to GitHub Actions: annotations, $GITHUB_STEP_SUMMARY, $GITHUB_OUTPUT (passed, run-ids, metrics-json, report-path)." };
        var comment = new Option<bool>("--comment") { Description = "With --github: create or update one sticky pull-request comment." };
        var token = new Option<string?>("--github-token") { Description = "Token for the comment (default: $GITHUB_TOKEN). Never printed." };
        var pr = new Option<int?>("--pr-number") { Description = "Pull request to comment on (default: pull_request.number of $GITHUB_EVENT_PATH; needed under workflow_run)." };
        var artifact = new Option<string>("--artifact-name") { Description = "The artifact holding the full reports, named when the summary is truncated.", DefaultValueFactory = _ => "mlops-report" };
        var command = new Command("report", "Re-render report.md, junit.xml and plots from a run's result.json, or report runs to GitHub Actions.");
        command.Arguments.Add(output);
        foreach (var option in new Option[] { format, github, comment, token, pr, artifact })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parseResult, cancel) =>
        {
            var folders = parseResult.GetValue(output)!;
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            try
            {
                if (parseResult.GetValue(github))
                {
                    var options = new GitHubReport.Options(folders, parseResult.GetValue(comment), parseResult.GetValue(token), parseResult.GetValue(pr), parseResult.GetValue(artifact)!);
                    await new GitHubReport(GitHubEnvironment.FromProcess(), stdout).RunAsync(options, cancel).ConfigureAwait(false);
                    return ExitCodes.Passed;
                }
                foreach (var folder in folders)
                {
                    Render(folder, parseResult.GetValue(format) == "json", stdout);
                }
                return ExitCodes.Passed;
            }
            catch (MlOpsException e)
            {
                await stderr.WriteLineAsync(e.Message).ConfigureAwait(false);
                if (parseResult.GetValue(github))
                {
                    // Shown on the run page, not only in the log.
                    await stdout.WriteLineAsync(WorkflowCommands.Format("error", [], e.Message)).ConfigureAwait(false);
                }
                return ExitCodes.BadInput;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The folder cannot take the re-rendered reports (read-only, a file named plots, a full disk): the environment's fault, exit 3.
                await stderr.WriteLineAsync($"mlops report: error {GeneralErrorCodes.OutputUnwritable}: cannot write the reports: {e.Message}").ConfigureAwait(false);
                return ExitCodes.EnvironmentFault;
            }
        });
        return command;
    }

    private static void Render(string folder, bool json, TextWriter stdout)
    {
        var result = RunResultFile.Read(Path.Combine(folder, RunResultFile.FileName));
        var files = ReportWriter.WriteAll(result, folder);
        if (json)
        {
            var summary = new { Verdict = JsonName.Of(result.Verdict), failed = GateVerdict.HasFailed(result.Gates), files = files.All };
            stdout.WriteLine(JsonSerializer.Serialize(summary, SummaryOptions));
        }
        else
        {
            stdout.Write(File.ReadAllText(files.Markdown));
        }
    }

    private static readonly JsonSerializerOptions SummaryOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };
}
