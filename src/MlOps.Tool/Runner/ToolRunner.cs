using System.Diagnostics;
using System.Reflection;
using MlOps.Build.Runner;

namespace MlOps.Tool.Runner;

/// <summary>Where the runner of a backend lives, and how it is written and built.</summary>
internal sealed class ToolRunner(ToolEnvironment environment, string backend, string libTorchPackage, string libTorchVersion)
{
    public const string DirectoryVariable = "MLOPS_RUNNER_DIR";

    public string LibTorchPackage => libTorchPackage;
    public string LibTorchVersion => libTorchVersion;

    /// <summary>$MLOPS_RUNNER_DIR/&lt;backend&gt;, else &lt;repository root&gt;/.mlops/runner/&lt;backend&gt;.</summary>
    public string Directory => Path.Combine(
        environment.Variable(DirectoryVariable) is { Length: > 0 } configured ? Path.GetFullPath(configured, environment.WorkingDirectory) : Path.Combine(environment.RepositoryRoot, ".mlops", "runner"),
        backend);

    public string AssemblyPath => ToolRunnerProject.AssemblyPath(Directory);

    public bool IsBuilt => File.Exists(AssemblyPath);

    /// <returns>The runner for the backend, or null when the backend has no libtorch package on this OS.</returns>
    public static ToolRunner? For(ToolRunOptions options, ToolEnvironment environment) =>
        LibTorchPackages.For(options.Backend, LibTorchPackages.CurrentOs()) is { } package
            ? new ToolRunner(environment, options.Backend, package, options.LibTorchVersion)
            : null;

    /// <summary>Writes the project (only files whose content changed) and builds it when it changed or was never built.</summary>
    /// <returns>null when the runner is ready, else the build's output.</returns>
    public string? Prepare(TextWriter progress)
    {
        var changed = false;
        foreach (var (name, content) in ToolRunnerProject.Files(new ToolRunnerSettings(ToolVersion(), libTorchPackage, libTorchVersion)))
        {
            changed |= WriteIfDifferent(Path.Combine(Directory, name), content);
        }
        if (!changed && IsBuilt)
        {
            return null;
        }
        progress.WriteLine($"mlops: building the runner with {libTorchPackage} {libTorchVersion} in {Directory} (the first time restores libtorch: hundreds of MB)");
        var (exit, output) = Build();
        return exit == 0 && IsBuilt ? null : output;
    }

    private (int Exit, string Output) Build()
    {
        var start = new ProcessStartInfo(environment.Dotnet) { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "build", Path.Combine(Directory, ToolRunnerProject.ProjectFileName), "-c", ToolRunnerProject.Configuration, "-nologo", "-v:q", "-nr:false" })
        {
            start.ArgumentList.Add(argument);
        }
        // Started from inside a build (MlOpsRunnerCommand=mlops), MSBuild's own variables would point this build at the wrong SDK.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" })
        {
            start.Environment.Remove(name);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }

    private static bool WriteIfDifferent(string path, string content)
    {
        if (File.Exists(path) && File.ReadAllText(path) == content)
        {
            return false;
        }
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return true;
    }

    /// <summary>The runner references the MlOps packages of this tool's own version: the tool and its runner never disagree.</summary>
    private static string ToolVersion() =>
        typeof(ToolRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.1.0";
}
