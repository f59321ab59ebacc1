using System.Reflection;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MlOps.Build.Results;
using MlOps.Build.Runner;

namespace MlOps.Build.Tasks;

/// <summary>
/// Writes the runner project (obj/mlops/runner/) whose package graph carries the libtorch build
/// that MlOpsTorchBackend selects. Files change only when their content does, so the runner's
/// restore and build stay incremental.
/// </summary>
public sealed class WriteRunnerProject : Microsoft.Build.Utilities.Task
{
    [Required]
    public string Directory { get; set; } = "";

    /// <summary>cpu (default) or cuda.</summary>
    public string TorchBackend { get; set; } = "cpu";

    /// <summary>Version of the MlOps.Cli package; defaults to this task assembly's version.</summary>
    public string? CliVersion { get; set; }

    /// <summary>Overrides the libtorch package chosen from the backend and OS.</summary>
    public string? LibTorchPackage { get; set; }

    public string LibTorchVersion { get; set; } = LibTorchPackages.DefaultVersion;

    /// <summary>The consumer's assembly, referenced so its [FineTuneModel] classes load.</summary>
    public string? ModelsAssembly { get; set; }

    /// <summary>MlOps.Build.LibTorch.targets, imported by the runner (libstdc++ compatibility).</summary>
    public string? LibTorchTargets { get; set; }

    public string? TasksAssembly { get; set; }

    /// <summary>Run the runner's compatibility task out of process too (in-repo builds).</summary>
    public bool TasksOutOfProcess { get; set; }

    [Output]
    public string ProjectFile { get; set; } = "";

    public override bool Execute()
    {
        var package = string.IsNullOrEmpty(LibTorchPackage) ? LibTorchPackages.For(TorchBackend, LibTorchPackages.CurrentOs()) : LibTorchPackage;
        if (package is null)
        {
            Log.LogError(null, BuildErrorCodes.UnknownTorchBackend, null, null, 0, 0, 0, 0,
                $"MlOpsTorchBackend '{TorchBackend}' has no libtorch package for this OS. Use 'cpu' (every OS) or 'cuda' (Linux, Windows), or set MlOpsLibTorchPackage.");
            return false;
        }
        var settings = new RunnerProjectSettings(
            string.IsNullOrEmpty(CliVersion) ? OwnVersion() : CliVersion,
            package,
            LibTorchVersion,
            string.IsNullOrEmpty(ModelsAssembly) ? null : Path.GetFullPath(ModelsAssembly),
            string.IsNullOrEmpty(LibTorchTargets) ? null : Path.GetFullPath(LibTorchTargets),
            string.IsNullOrEmpty(TasksAssembly) ? null : Path.GetFullPath(TasksAssembly),
            TasksOutOfProcess);
        foreach (var (name, content) in RunnerProjectTemplate.Files(settings))
        {
            FileWriter.WriteIfDifferent(Path.Combine(Directory, name), content);
        }
        ProjectFile = Path.GetFullPath(Path.Combine(Directory, RunnerProjectTemplate.ProjectFileName));
        return !Log.HasLoggedErrors;
    }

    private static string OwnVersion() =>
        typeof(WriteRunnerProject).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.1.0";
}
