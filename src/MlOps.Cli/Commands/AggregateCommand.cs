using System.CommandLine;
using MlOps.Cli.Output;
using MlOps.Core.Pipeline;

namespace MlOps.Cli.Commands;

/// <summary>
/// `mlops aggregate spec.yaml --from trials/`: the sweep's winner from the trials' result.json files
/// (one per `mlops run --trial` job), its gates and verdict, the final result.json, report and
/// registration; the exit code is the verdict's, as `mlops run` on the whole sweep would give.
/// </summary>
internal static class AggregateCommand
{
    public static Command Create()
    {
        var spec = new Argument<string>("spec") { Description = "The sweep's spec (YAML), as the trial jobs ran it." };
        var from = new Option<string>("--from") { Description = "Folder holding every trial's output (their result.json files, at any depth).", Required = true };
        var output = new Option<string?>("--output", "-o") { Description = "Output folder (default: out/<spec name> in the current directory)." };
        var device = new Option<string?>("--device") { Description = "The --device the trial jobs were given, if any (it is part of their fingerprint)." };
        var tracking = new Option<string?>("--tracking-uri") { Description = "MLflow tracking URI (default: tracking.uri, MLFLOW_TRACKING_URI, ./mlruns)." };
        var baseline = new Option<string?>("--baseline-result") { Description = "A previous result.json to compare champion gates with." };
        var gateRef = new Option<string?>("--gate-policy-ref") { Description = "Read gate thresholds from the spec as it is at this git ref." };
        var allowOutside = new Option<bool>("--allow-outside-repository") { Description = "Allow input paths outside the repository root." };
        var command = new Command("aggregate", "Pick a sweep's winner from its trials' results, gate it and write the final result.")
        {
            spec, from, output, device, tracking, baseline, gateRef, allowOutside,
        };
        command.SetAction(parse =>
        {
            var request = new RunRequest
            {
                SpecPath = parse.GetValue(spec)!,
                AggregateFrom = Path.GetFullPath(parse.GetValue(from)!),
                OutputDirectory = parse.GetValue(output),
                Device = parse.GetValue(device),
                TrackingUri = parse.GetValue(tracking),
                BaselineResult = parse.GetValue(baseline),
                GatePolicyRef = parse.GetValue(gateRef),
                AllowOutsideRepository = parse.GetValue(allowOutside),
            };
            using var interrupts = new Interrupts();
            return RunCommand.RunForPeople(request, parse.InvocationConfiguration.Output, interrupts.Token);
        });
        return command;
    }
}
