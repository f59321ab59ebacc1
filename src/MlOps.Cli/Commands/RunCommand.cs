using System.CommandLine;
using MlOps.Cli.Output;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Pipeline;
using Spectre.Console;

namespace MlOps.Cli.Commands;

/// <summary>`mlops run`: validate, fine-tune, evaluate, gate; exit 0 passed, 1 gate failed, 2 bad input, 130 stopped.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var spec = new Argument<string>("spec") { Description = "The fine-tuning spec (YAML)." };
        var output = new Option<string?>("--output", "-o") { Description = "Output folder (default: out/<spec name> in the current directory)." };
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint a stopped run kept (in .<name>.mlops-staging beside the output folder)." };
        var reuse = new Option<bool>("--reuse") { Description = "Reuse a finished tracked run with the same fingerprint instead of training." };
        var events = new Option<string?>("--events") { Description = "Machine-readable progress on stdout: jsonl." };
        var device = new Option<string?>("--device") { Description = "Override the spec's device: auto, cpu, cuda, cuda:N." };
        var tracking = new Option<string?>("--tracking-uri") { Description = "MLflow tracking URI (default: tracking.uri, MLFLOW_TRACKING_URI, ./mlruns)." };
        var models = new Option<string[]>("--models-assembly") { Description = "Assembly with [FineTuneModel] classes (repeatable).", AllowMultipleArgumentsPerToken = true };
        var baseline = new Option<string?>("--baseline-result") { Description = "A previous result.json to compare champion gates with." };
        var gateRef = new Option<string?>("--gate-policy-ref") { Description = "Read gate thresholds from the spec as it is at this git ref." };
        var allowOutside = new Option<bool>("--allow-outside-repository") { Description = "Allow input paths outside the repository root (e.g. data on a mounted volume)." };
        var trial = new Option<string?>("--trial") { Description = "Sweep: train only this trial (an id `mlops plan` prints), into <output>/trials/<id>/." };
        var parallel = new Option<int?>("--parallel")
        {
            Description = "Repeats: train them as up to N child processes at once (N default: min(cores, repeats)), each pinned to max(1, threads/N) torch threads.",
            Arity = ArgumentArity.ZeroOrOne,
            CustomParser = result => result.Tokens.Count == 0 ? 0 : ParallelWidth(result),
        };
        // Internal: how a --parallel parent starts each child (seed|threads|folder|published folder); not for people.
        var repeatChild = new Option<string?>("--repeat-child") { Hidden = true };
        events.AcceptOnlyFromAmong("jsonl");

        var command = new Command("run", "Fine-tune, evaluate and gate one spec.") { spec, output, resume, reuse, events, device, tracking, models, baseline, gateRef, allowOutside, trial, parallel, repeatChild };
        command.SetAction(parse =>
        {
            var request = new RunRequest
            {
                SpecPath = parse.GetValue(spec)!,
                OutputDirectory = parse.GetValue(output),
                Resume = parse.GetValue(resume),
                Reuse = parse.GetValue(reuse),
                Device = parse.GetValue(device),
                TrackingUri = parse.GetValue(tracking),
                ModelAssemblies = parse.GetValue(models) ?? [],
                BaselineResult = parse.GetValue(baseline),
                GatePolicyRef = parse.GetValue(gateRef),
                AllowOutsideRepository = parse.GetValue(allowOutside),
                Trial = parse.GetValue(trial),
                Parallel = parse.GetResult(parallel) is null ? null : parse.GetValue(parallel),
                RepeatChild = parse.GetValue(repeatChild) is { } one ? RepeatChildArgument(one) : null,
            };
            using var interrupts = new Interrupts();
            var writer = parse.InvocationConfiguration.Output;
            return parse.GetValue(events) == "jsonl"
                ? RunWithEvents(request, writer, interrupts.Token)
                : RunForPeople(request, writer, interrupts.Token);
        });
        return command;
    }

    private static int? ParallelWidth(System.CommandLine.Parsing.ArgumentResult result)
    {
        var token = result.Tokens[0].Value;
        if (int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var width) && width >= 1)
        {
            return width;
        }
        result.AddError($"--parallel '{token}' is not a number of processes: give a whole number of at least 1, or leave it out for min(cores, repeats)");
        return null;
    }

    private static RepeatChildRequest RepeatChildArgument(string value)
    {
        var parts = value.Split('|', 4);
        return new RepeatChildRequest(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture),
            parts[2], parts[3], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static int RunWithEvents(RunRequest request, TextWriter writer, CancellationToken cancel)
    {
        var observer = new JsonLinesRunObserver(writer);
        var outcome = FineTuneRun.Execute(request, observer, cancel);
        observer.OnResult(outcome);
        return outcome.ExitCode;
    }

    internal static int RunForPeople(RunRequest request, TextWriter writer, CancellationToken cancel)
    {
        var terminal = writer == Console.Out && !Console.IsOutputRedirected;
        var console = terminal ? AnsiConsole.Console : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Interactive = InteractionSupport.No });
        var live = terminal && console.Profile.Capabilities.Interactive;
        if (!live)
        {
            console.Profile.Width = Math.Max(console.Profile.Width, 160); // logs: tables unwrapped
        }
        var observer = new ConsoleRunObserver(console, live, writer);
        RunOutcome outcome;
        if (live)
        {
            outcome = console.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    observer.Progress = context;
                    return FineTuneRun.Execute(request, observer, cancel);
                });
        }
        else
        {
            outcome = FineTuneRun.Execute(request, observer, cancel);
        }
        if (outcome.Result is { } result)
        {
            RunSummary.Write(console, result);
        }
        else if (outcome.ExitCode == ExitCodes.Interrupted && outcome.CanResume)
        {
            console.MarkupLine("[yellow]stopped: checkpoint saved. Continue with the same command plus --resume.[/]");
        }
        return outcome.ExitCode;
    }
}
