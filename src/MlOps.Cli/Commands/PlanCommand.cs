using System.CommandLine;
using System.Text.Json;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Evaluation;
using MlOps.Specs;
using MlOps.Specs.Sweeps;

namespace MlOps.Cli.Commands;

/// <summary>
/// `mlops plan spec.yaml`: a sweep's trials as a GitHub Actions matrix on one line,
/// <c>{"include":[{"trial":"trial-01","overrides":"training.optimizer.lr=0.001"}, …]}</c>, for
/// <c>strategy.matrix: ${{ fromJSON(…) }}</c>; each job then runs `mlops run spec --trial &lt;trial&gt;`.
/// </summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var spec = new Argument<string>("spec") { Description = "A spec with a `sweep:` section." };
        var allowOutside = new Option<bool>("--allow-outside-repository") { Description = "Allow input paths outside the repository root." };
        var command = new Command("plan", "Print a sweep's trials as a JSON matrix (one CI job per trial).") { spec, allowOutside };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var load = SpecLoader.Load(parse.GetValue(spec)!, new SpecLoadOptions { AllowOutsideRepository = parse.GetValue(allowOutside) });
            foreach (var diagnostic in load.Diagnostics)
            {
                error.WriteLine(diagnostic.ToString());
            }
            if (load.HasErrors || load.Spec is null)
            {
                return ExitCodes.BadInput;
            }
            if (load.Spec.Sweep is not { } sweep)
            {
                error.WriteLine(Diagnostic.Error(EvaluationErrorCodes.SweepTrialUnknown, "mlops plan needs a spec with `sweep:`; this one trains once", load.Spec.At()).ToString());
                return ExitCodes.BadInput;
            }
            var include = SweepExpansion.Trials(sweep, load.Spec.Seed).Select(t => new Dictionary<string, string> { ["trial"] = t.Id, ["overrides"] = t.Overrides });
            parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["include"] = include.ToList() }));
            return ExitCodes.Passed;
        });
        return command;
    }
}
