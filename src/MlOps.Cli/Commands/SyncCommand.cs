using System.CommandLine;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Tracking;
using MlOps.Specs;
using Spectre.Console;

namespace MlOps.Cli.Commands;

/// <summary>`mlops sync`: upload runs kept in the outbox while the MLflow server was unreachable.</summary>
internal static class SyncCommand
{
    public static Command Create()
    {
        var outbox = new Option<string>("--outbox") { Description = "Outbox folder (default: <repository root>/.mlops/outbox)." };
        var trackingUri = new Option<string>("--tracking-uri") { Description = "MLflow tracking URI to upload to (default: MLFLOW_TRACKING_URI)." };
        var command = new Command("sync", "Upload runs kept in the local outbox to the MLflow server; safe to run again.") { outbox, trackingUri };
        command.SetAction(parseResult =>
        {
            var root = SpecLoader.FindRepositoryRoot(Directory.GetCurrentDirectory());
            var folder = Path.GetFullPath(parseResult.GetValue(outbox) ?? Path.Combine(root, ".mlops", "outbox"));
            try
            {
                var target = TrackingTarget.Select(parseResult.GetValue(trackingUri), Environment.GetEnvironmentVariable("MLFLOW_TRACKING_URI"), root, "--tracking-uri");
                var report = OutboxSyncRunner.RunAsync(folder, target, line => AnsiConsole.WriteLine(line)).GetAwaiter().GetResult();
                AnsiConsole.MarkupLine(Markup.Escape(
                    $"{report.RunsSynced} run(s) synced to {target.Uri} ({report.ParamsSent} params, {report.MetricsSent} metric values, {report.ArtifactsSent} artifacts); {report.RunsSkipped} already synced."));
                return ExitCodes.Passed;
            }
            catch (MlOpsException e)
            {
                Console.Error.WriteLine(e.Message);
                return ExitCodes.BadInput;
            }
        });
        return command;
    }
}
