using System.CommandLine;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Tracking;
using MlOps.Mlflow;
using MlOps.Specs;
using Spectre.Console;

namespace MlOps.Cli.Commands;

/// <summary>
/// `mlops sync`: upload runs kept in the outbox while the MLflow server was unreachable, each to the
/// server it was meant for (or all to `--to`); `--repair` then finishes as KILLED the runs that a
/// killed process left RUNNING in the tracking store.
/// </summary>
internal static class SyncCommand
{
    public static Command Create()
    {
        var outbox = new Option<string>("--outbox") { Description = "Outbox folder (default: <repository root>/.mlops/outbox)." };
        var to = new Option<string>("--to", "--tracking-uri")
        {
            Description = "Send every outboxed run to this tracking URI (default: each run to the server it was meant for).",
        };
        var repair = new Option<bool>("--repair")
        {
            Description = "Finish as KILLED the runs left RUNNING by a killed process of this host, in the store of --to (default: tracking URI in effect).",
        };
        var command = new Command("sync", "Upload runs kept in the local outbox to the MLflow server they were meant for; safe to run again.") { outbox, to, repair };
        command.SetAction(parseResult =>
        {
            var root = SpecLoader.FindRepositoryRoot(Directory.GetCurrentDirectory());
            var folder = Path.GetFullPath(parseResult.GetValue(outbox) ?? Path.Combine(root, ".mlops", "outbox"));
            var environmentUri = Environment.GetEnvironmentVariable("MLFLOW_TRACKING_URI");
            try
            {
                var explicitUri = parseResult.GetValue(to);
                var explicitTarget = string.IsNullOrWhiteSpace(explicitUri) ? null : TrackingTarget.Select(explicitUri, null, root, "--to");
                // Without --to, a run goes where it was meant to go; one from an older outbox that recorded nothing needs MLFLOW_TRACKING_URI or --to.
                var fallback = string.IsNullOrWhiteSpace(environmentUri) ? null : TrackingTarget.Select(null, environmentUri, root);
                var report = (explicitTarget is not null
                    ? OutboxSyncRunner.RunAsync(folder, explicitTarget, line => AnsiConsole.WriteLine(line))
                    : OutboxSyncRunner.RunToRecordedTargetsAsync(folder, root, fallback, line => AnsiConsole.WriteLine(line))).GetAwaiter().GetResult();
                var where = explicitTarget?.Uri ?? "the servers they were meant for";
                AnsiConsole.MarkupLine(Markup.Escape(
                    $"{report.RunsSynced} run(s) synced to {where} ({report.ParamsSent} params, {report.MetricsSent} metric values, {report.ArtifactsSent} artifacts); {report.RunsSkipped} already synced."));
                // After the sync: a server run the outbox has just completed is not abandoned.
                if (parseResult.GetValue(repair))
                {
                    Repair(TrackingTarget.Select(explicitUri, environmentUri, root, "--to"), folder);
                }
                if (report.RunsKept > 0)
                {
                    Console.Error.WriteLine(Diagnostic.Error(TrackingErrorCodes.SyncFailed,
                        $"{report.RunsKept} run(s) kept in the outbox: they do not say which server they were meant for (written by an older version). Name it: mlops sync --to <uri>",
                        SourceLocation.None(folder)).ToString());
                    return ExitCodes.BadInput;
                }
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

    private static void Repair(TrackingTarget target, string outbox)
    {
        var store = target.Open();
        try
        {
            var report = AbandonedRuns.FinishAllAsync(store, outbox, Console.Out.WriteLine).GetAwaiter().GetResult();
            // Plain lines: a log keeps them whole (Spectre would wrap them at the console's width).
            Console.Out.WriteLine(
                $"repair of {target.Uri}: {report.Killed} run(s) left RUNNING by a killed process finished as KILLED; {report.OwnerAlive} still running; {report.OwnerUnknown} without owner tags or waiting in the outbox left alone (runs of other hosts are not judged from here).");
        }
        catch (MlflowException e)
        {
            throw new MlOpsException(Diagnostic.Error(TrackingErrorCodes.SyncFailed,
                $"could not repair {target.Uri}: {e.Message}", SourceLocation.None(target.Uri)));
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }
}
