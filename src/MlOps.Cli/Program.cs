using System.CommandLine;
using MlOps.Cli.Backstop;
using MlOps.Cli.Commands;
using MlOps.Contracts.Diagnostics;

namespace MlOps.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        // An exception on another thread would end the process with a stack trace: the same one line and exit 70 instead.
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            if (e.ExceptionObject is Exception exception)
            {
                InternalErrorBackstop.Report(exception, args.FirstOrDefault() ?? "", Console.Error);
                Environment.Exit(ExitCodes.InternalError);
            }
        };
        return Invoke(args, new InvocationConfiguration());
    }

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
        // System.CommandLine's own handler prints the stack trace and exits 1, the code of a failed gate.
        configuration.EnableDefaultExceptionHandler = false;
        try
        {
            return parse.Invoke(configuration);
        }
        catch (Exception e)
        {
            return InternalErrorBackstop.Report(e, parse.CommandResult.Command.Name, configuration.Error);
        }
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
        root.Subcommands.Add(GenerateCommand.Create());
        return root;
    }
}
