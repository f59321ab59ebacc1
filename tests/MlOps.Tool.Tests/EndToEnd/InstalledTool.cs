using MlOps.Tests.Shared;

namespace MlOps.Tool.Tests.EndToEnd;

/// <summary>
/// What a package user has: the product packed ONCE per test run into a temp folder feed (the bits
/// the test project already built), and `dotnet tool install MlOps.Tool --tool-path` from it, with
/// an isolated NUGET_PACKAGES. Third-party packages (TorchSharp, libtorch, ...) come from a read-only
/// fallback folder that links the machine's own package folder minus every MlOps.* package, so
/// nothing stale of ours is used and libtorch is not downloaded again.
/// </summary>
public sealed class InstalledTool : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif
    public const string Version = "0.1.0";
    private static readonly string[] PackedProjects = ["MlOps.Contracts", "MlOps.Specs", "MlOps.Mlflow", "MlOps.Text", "MlOps.Imaging", "MlOps.Audio", "MlOps.Core", "MlOps.Cli", "MlOps.Build", "MlOps.Tool"];

    public string Root { get; } = Directory.CreateTempSubdirectory("mlops-tool-e2e-").FullName;
    public string Feed => Path.Combine(Root, "feed");
    public string Packages => Path.Combine(Root, "packages");
    public string Fallback => Path.Combine(Root, "fallback");
    public string ToolPath => Path.Combine(Root, "tools");
    public string Command => Path.Combine(ToolPath, OperatingSystem.IsWindows() ? "mlops.exe" : "mlops");
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["NUGET_PACKAGES"] = Packages };

    public InstalledTool()
    {
        foreach (var project in PackedProjects)
        {
            var path = Path.Combine(SourceTree.Root, "src", project, project + ".csproj");
            // Our own nuspec folder: MlOps.Build.Tests packs MlOps.Build at the same time, into obj/ by default.
            var nuspecs = Path.Combine(Root, "nuspec", project) + Path.DirectorySeparatorChar;
            Check(Dotnet.Run("dotnet", SourceTree.Root, Environment, "pack", path, "--no-build", "-c", Configuration, "-o", Feed, "-nr:false", $"-p:Version={Version}", $"-p:NuspecOutputPath={nuspecs}"));
        }
        LinkThirdPartyPackages();
        File.WriteAllText(Path.Combine(Root, "nuget.config"), NuGetConfig(Root));
        Check(Dotnet.Run("dotnet", Root, Environment, "tool", "install", "MlOps.Tool", "--version", Version, "--tool-path", ToolPath));
    }

    /// <summary>A user's nuget.config: the folder feed for MlOps.*, nuget.org for the rest (package source mapping).</summary>
    public string NuGetConfig(string at) => $"""
        <configuration>
          <packageSources>
            <clear />
            <add key="mlops" value="{Feed}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
          </packageSources>
          <packageSourceMapping>
            <packageSource key="mlops"><package pattern="MlOps.*" /></packageSource>
            <packageSource key="nuget.org"><package pattern="*" /></packageSource>
          </packageSourceMapping>
          <fallbackPackageFolders>
            <clear />
            <add key="machine" value="{Fallback}" />
          </fallbackPackageFolders>
        </configuration>
        """;

    private void LinkThirdPartyPackages()
    {
        Directory.CreateDirectory(Fallback);
        var machine = System.Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        if (!Directory.Exists(machine))
        {
            return;
        }
        foreach (var package in Directory.EnumerateDirectories(machine).Where(p => !Path.GetFileName(p).StartsWith("mlops.", StringComparison.OrdinalIgnoreCase)))
        {
            Directory.CreateSymbolicLink(Path.Combine(Fallback, Path.GetFileName(package)), package);
        }
    }

    private static void Check((int Exit, string Output) result)
    {
        if (result.Exit != 0)
        {
            throw new InvalidOperationException($"exit {result.Exit}:\n{result.Output}");
        }
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
public sealed class InstalledToolCollection : ICollectionFixture<InstalledTool>
{
    public const string Name = "installed tool";
}
