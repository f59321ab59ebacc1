using System.CommandLine;
using MlOps.Cli;
using MlOps.Cli.Backstop;
using MlOps.Cli.Commands;
using MlOps.Tool.Runner;

namespace MlOps.Tool;

/// <summary>
/// The tool's entry point: every verb of the mlops CLI runs in this process, except `run`, which
/// trains and so runs in the runner (<see cref="ToolRun"/>), where libtorch is.
/// </summary>
public static class ToolProgram
{
    public static int Main(string[] args) => Invoke(args, new InvocationConfiguration(), ToolEnvironment.FromProcess());

    internal static int Invoke(string[] args, InvocationConfiguration configuration, ToolEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Before configuration.Error is read: the run verb's own messages go through the redacting writer too.
        Cli.Output.RedactedOutput.Apply(configuration);
        if (args.Length > 0 && args[0] == "run" && !AsksForHelp(args))
        {
            try
            {
                return new ToolRun(environment, configuration.Error).Execute(args[1..]);
            }
            catch (Exception e)
            {
                // Preparing or starting the runner failed in a way nobody foresaw: the same one line and exit 70 as every front end.
                return InternalErrorBackstop.Report(e, "run", configuration.Error);
            }
        }
        return Program.Invoke(BuildRoot(environment), args, configuration);
    }

    /// <summary>The CLI's verbs; `doctor` reports the runner instead of loading libtorch, `run --help` lists the tool's own option.</summary>
    internal static RootCommand BuildRoot(ToolEnvironment environment)
    {
        var root = Program.BuildRoot();
        var doctor = root.Subcommands.Single(c => c.Name == "doctor");
        root.Subcommands[root.Subcommands.IndexOf(doctor)] = DoctorCommand.Create(() => ToolDoctor.Collect(environment));
        root.Subcommands.Single(c => c.Name == "run").Options.Add(ToolRunOptions.HelpOption());
        return root;
    }

    private static bool AsksForHelp(string[] args) => args.Skip(1).Any(a => a is "-h" or "--help" or "-?" or "/?" or "/h");
}
