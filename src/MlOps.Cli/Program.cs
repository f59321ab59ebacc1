using System.CommandLine;
using MlOps.Cli.Commands;

namespace MlOps.Cli;

public static class Program
{
    public static int Main(string[] args) => BuildRoot().Parse(args).Invoke();

    /// <summary>Every verb of the mlops command; each lives in Commands/ as one file.</summary>
    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand("mlops: fine-tune, evaluate, gate and track models as part of the build.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(SyncCommand.Create());
        return root;
    }
}
