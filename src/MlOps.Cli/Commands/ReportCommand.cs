using System.CommandLine;
using System.Text.Json;
using MlOps.Core.Diagnostics;
using MlOps.Core.Gates;
using MlOps.Core.Reporting;

namespace MlOps.Cli.Commands;

/// <summary>
/// `mlops report &lt;output-dir&gt; [--format md|json]`: re-renders report.md, junit.xml and plots/ from
/// the folder's result.json, then prints report.md (md) or a JSON summary of verdict and files (json).
/// Exit 0 when rendered (the verdict is in the output), 2 when result.json is missing or malformed.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var output = new Argument<string>("output") { Description = "The run's output folder (the one holding result.json)." };
        var format = new Option<string>("--format") { Description = "What to print: md (report.md) or json (verdict and files).", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "json");
        var command = new Command("report", "Re-render report.md, junit.xml and plots from a run's result.json.");
        command.Arguments.Add(output);
        command.Options.Add(format);
        command.SetAction(parseResult =>
        {
            var folder = parseResult.GetValue(output)!;
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            try
            {
                var result = RunResultFile.Read(Path.Combine(folder, RunResultFile.FileName));
                var files = ReportWriter.WriteAll(result, folder);
                if (parseResult.GetValue(format) == "json")
                {
                    var summary = new { result.Verdict, failed = GateVerdict.HasFailed(result.Gates), files = files.All };
                    stdout.WriteLine(JsonSerializer.Serialize(summary, SummaryOptions));
                }
                else
                {
                    stdout.Write(File.ReadAllText(files.Markdown));
                }
                return ExitCodes.Passed;
            }
            catch (MlOpsException e)
            {
                stderr.WriteLine(e.Message);
                return ExitCodes.BadInput;
            }
        });
        return command;
    }

    private static readonly JsonSerializerOptions SummaryOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };
}
