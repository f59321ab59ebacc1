using System.Diagnostics;

namespace MlOps.Build.Tests.EndToEnd;

/// <summary>
/// Packs MlOps.Build ONCE per test run into a temp local feed, with an isolated NUGET_PACKAGES
/// shared by every consumer of the run (so nothing stale comes from the machine's cache).
/// </summary>
public sealed class PackedFeed : IDisposable
{
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    public string Root { get; } = Directory.CreateTempSubdirectory("mlops-e2e-").FullName;
    public string Feed => Path.Combine(Root, "feed");
    public string Packages => Path.Combine(Root, "packages");
    public static string RepoRoot { get; } = FindRepoRoot();
    /// <summary>The product version the consumers reference (Directory.Build.props).</summary>
    public string Version { get; } = "0.1.0";

    public PackedFeed()
    {
        // The test project already built MlOps.Build for both hosts (net10.0 and net472 ProjectReferences): pack those bits.
        var project = Path.Combine(RepoRoot, "src", "MlOps.Build", "MlOps.Build.csproj");
        var (exit, output) = Dotnet.Run(RepoRoot, null, "pack", project, "--no-build", "-c", Configuration, "-o", Feed, "-nr:false", $"-p:Version={Version}");
        if (exit != 0)
        {
            throw new InvalidOperationException($"dotnet pack failed ({exit}):\n{output}");
        }
    }

    private readonly Lazy<bool> runtimePacked = new(PackRuntimeInto);
    private static string? feedForRuntime;

    /// <summary>
    /// MlOps.Runtime and the libraries it depends on (MlOps.Contracts, MlOps.Text, MlOps.Imaging, MlOps.Audio) in the same feed, packed
    /// once and only for the tests that build an application with it (the test project builds them).
    /// </summary>
    public void EnsureRuntimePacked()
    {
        feedForRuntime = Feed;
        _ = runtimePacked.Value;
    }

    private static bool PackRuntimeInto()
    {
        foreach (var name in new[] { "MlOps.Contracts", "MlOps.Text", "MlOps.Imaging", "MlOps.Audio", "MlOps.Runtime" })
        {
            var project = Path.Combine(RepoRoot, "src", name, name + ".csproj");
            var (exit, output) = Dotnet.Run(RepoRoot, null, "pack", project, "--no-build", "-c", Configuration, "-o", feedForRuntime!, "-nr:false", "-p:Version=0.1.0");
            if (exit != 0)
            {
                throw new InvalidOperationException($"dotnet pack {name} failed ({exit}):\n{output}");
            }
        }
        return true;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")) && Directory.Exists(Path.Combine(dir.FullName, "src", "MlOps.Build")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PackedFeedCollection : ICollectionFixture<PackedFeed>
{
    public const string Name = "packed feed";
}

/// <summary>Runs the dotnet CLI as a user would, without the test host's MSBuild environment.</summary>
internal static class Dotnet
{
    private static readonly string[] InheritedMsBuildVariables =
        ["MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly", "DOTNET_HOST_PATH", "VSTEST_HOST_DEBUG"];

    /// <summary>
    /// Set process-wide by HubCheckpointFingerprintTests while other classes run; it is part of the
    /// up-to-date cache's key, so a build must not see it change between two builds of one test.
    /// </summary>
    private static readonly string[] HubCacheVariables = ["HF_HUB_CACHE"];

    public static (int ExitCode, string Output) Run(string workingDirectory, string? nugetPackages, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var name in InheritedMsBuildVariables.Concat(HubCacheVariables))
        {
            start.Environment.Remove(name);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        if (nugetPackages is not null)
        {
            start.Environment["NUGET_PACKAGES"] = nugetPackages;
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
