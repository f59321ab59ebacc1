using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using MlOps.Contracts.Diagnostics;
using MlOps.Specs;

namespace MlOps.Cli.Commands;

/// <summary>`mlops validate spec.yaml...`: every problem of every spec, clickable; exit 2 on any error.</summary>
internal static class ValidateCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var specs = new Argument<string[]>("specs") { Description = "Spec files, folders (every *.yaml/*.yml under them) or globs (specs/**/*.yaml).", Arity = ArgumentArity.ZeroOrMore };
        var format = new Option<string>("--format") { Description = "Output: text (one diagnostic a line) or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var allowOutside = new Option<bool>("--allow-outside-repository") { Description = "Allow input paths outside the repository root." };
        var printSchema = new Option<bool>("--print-schema") { Description = "Print the spec's JSON Schema and exit." };
        var command = new Command("validate", "Check fine-tuning specs without training: every error with file, line and column.")
        {
            specs, format, allowOutside, printSchema,
        };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(printSchema))
            {
                output.Write(SpecSchema.ReadText());
                return ExitCodes.Passed;
            }
            var arguments = parseResult.GetValue(specs) ?? [];
            if (arguments.Length == 0)
            {
                parseResult.InvocationConfiguration.Error.WriteLine("mlops validate: give at least one spec file, folder or glob");
                return ExitCodes.BadInput;
            }
            var (files, problems) = SpecPaths.Expand(arguments);
            foreach (var problem in problems)
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"mlops validate: {problem}");
            }
            if (problems.Count > 0)
            {
                return ExitCodes.BadInput;
            }
            var options = new SpecLoadOptions { AllowOutsideRepository = parseResult.GetValue(allowOutside) };
            var diagnostics = files.SelectMany(f => SpecLoader.Load(f, options).Diagnostics).ToList();
            if (parseResult.GetValue(format) == "json")
            {
                WriteJson(output, diagnostics);
            }
            else
            {
                WriteText(output, files.Count, diagnostics);
            }
            return diagnostics.Any(d => d.IsError) ? ExitCodes.BadInput : ExitCodes.Passed;
        });
        return command;
    }

    private static void WriteText(TextWriter output, int specCount, List<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            output.WriteLine(d.ToString());
        }
        var errors = diagnostics.Count(d => d.IsError);
        var warnings = diagnostics.Count - errors;
        var verdict = errors == 0 ? "valid" : "invalid";
        output.WriteLine($"{specCount} spec(s) {verdict}: {errors} error(s), {warnings} warning(s)");
    }

    private static void WriteJson(TextWriter output, List<Diagnostic> diagnostics)
    {
        var items = diagnostics.Select(d => new Dictionary<string, object>
        {
            ["file"] = d.Location.File,
            ["line"] = d.Location.Line,
            ["column"] = d.Location.Column,
            ["severity"] = d.IsError ? "error" : "warning",
            ["code"] = d.Code,
            ["message"] = d.Message,
        });
        output.WriteLine(JsonSerializer.Serialize(items, Indented));
    }
}
