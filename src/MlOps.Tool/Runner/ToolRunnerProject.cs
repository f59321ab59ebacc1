using MlOps.Build.Runner;

namespace MlOps.Tool.Runner;

/// <summary>What the tool's runner project references: the MlOps packages of the tool's own version and one libtorch.</summary>
internal sealed record ToolRunnerSettings(string MlOpsVersion, string LibTorchPackage, string LibTorchVersion);

/// <summary>
/// The runner `mlops run` trains in: MlOps.Build's generated runner (docs/msbuild.md, the same template),
/// an executable whose Main is the mlops CLI's, with the native libtorch package of the backend in its
/// package graph, so the tool itself never carries a platform's libtorch. It also references
/// MlOps.Build, whose targets it needs for one thing: the libstdc++ compatibility step that lets
/// TorchSharp load on Debian 12 / Ubuntu 22.04 (it has no specs, so nothing else of MlOps.Build runs).
/// The empty Directory.* files keep the repository's own build settings out of it; its nuget.config
/// files are those of the repository it lives in, so it restores from the feed the project uses.
/// </summary>
internal static class ToolRunnerProject
{
    public const string ProjectFileName = RunnerProjectTemplate.ProjectFileName;
    public const string AssemblyName = RunnerProjectTemplate.AssemblyName;
    public const string Configuration = "Release";

    public static IReadOnlyDictionary<string, string> Files(ToolRunnerSettings settings) =>
        RunnerProjectTemplate.Files(new RunnerProjectSettings(
            settings.MlOpsVersion, settings.LibTorchPackage, settings.LibTorchVersion,
            ModelsAssembly: null, LibTorchTargets: null, TasksAssembly: null, TasksOutOfProcess: false,
            BuildPackageVersion: settings.MlOpsVersion));

    /// <summary>Where `dotnet build` puts the runner in <paramref name="directory"/>.</summary>
    public static string AssemblyPath(string directory) => Path.Combine(directory, "bin", Configuration, "net10.0", AssemblyName + ".dll");
}
