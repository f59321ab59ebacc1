using System.CommandLine;
using MlOps.Core.Host;
using Spectre.Console;

namespace MlOps.Cli.Commands;

/// <summary>`mlops doctor`: versions, threads, CUDA, libstdc++ and the tracking URI in effect.</summary>
internal static class DoctorCommand
{
    /// <param name="collect">What to report; by default this process's own view, libtorch loaded.</param>
    public static Command Create(Func<MachineReport>? collect = null)
    {
        collect ??= () => MachineReport.Collect(System.Environment.GetEnvironmentVariable("MLFLOW_TRACKING_URI"));
        var command = new Command("doctor", "Show what this machine offers for fine-tuning: versions, threads, CUDA, libstdc++, tracking.");
        command.SetAction(_ =>
        {
            var report = collect();
            var table = new Table().AddColumn("what").AddColumn("found");
            foreach (var (key, value) in report.Facts)
            {
                table.AddRow(Markup.Escape(key), Markup.Escape(value));
            }
            AnsiConsole.Write(table);
            foreach (var problem in report.Problems)
            {
                AnsiConsole.MarkupLine($"[red]problem:[/] {Markup.Escape(problem)}");
            }
            return report.Problems.Count == 0 ? 0 : 2;
        });
        return command;
    }
}
