using System.CommandLine;
using MlOps.Cli.Commands;
using MlOps.Contracts.Diagnostics;

namespace MlOps.Cli;

public static class Program
{
    public static int Main(string[] args) => Invoke(args, new InvocationConfiguration());

    /// <summary>A command line that does not parse is bad input: exit 2, like every other bad input.</summary>
    public static int Invoke(string[] args, InvocationConfiguration configuration) => Invoke(BuildRoot(), args, configuration);

    /// <summary>The same, for a front end (the mlops tool) that adapts some verbs of <see cref="BuildRoot"/>.</summary>
    internal static int Invoke(RootCommand root, string[] args, InvocationConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        Output.RedactedOutput.Apply(configuration);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                configuration.Error.WriteLine($"mlops: {error.Message}");
            }
            configuration.Error.WriteLine("run 'mlops --help' for usage");
            return ExitCodes.BadInput;
        }
        return parse.Invoke(configuration);
    }

    /// <summary>Every verb of the mlops command; each lives in Commands/ as one file.</summary>
    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand("mlops: fine-tune, evaluate, gate and track models as part of the build.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(SyncCommand.Create());
        root.Subcommands.Add(PlanCommand.Create());
        root.Subcommands.Add(AggregateCommand.Create());
        return root;
    }
}
