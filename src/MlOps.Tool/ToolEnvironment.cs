namespace MlOps.Tool;

/// <summary>What the tool reads from its surroundings: the working directory, environment variables and the dotnet host.</summary>
internal sealed record ToolEnvironment(string WorkingDirectory, Func<string, string?> Variable)
{
    public static ToolEnvironment FromProcess() => new(Directory.GetCurrentDirectory(), Environment.GetEnvironmentVariable);

    /// <summary>The dotnet host that builds and starts the runner: DOTNET_HOST_PATH, else the host of this runtime, else dotnet on PATH.</summary>
    public string Dotnet => Variable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : HostOfThisRuntime() ?? "dotnet";

    /// <summary>The nearest folder above the working directory holding .git (the runner lives there), else the working directory.</summary>
    public string RepositoryRoot
    {
        get
        {
            for (var folder = new DirectoryInfo(WorkingDirectory); folder is not null; folder = folder.Parent)
            {
                if (Path.Exists(Path.Combine(folder.FullName, ".git")))
                {
                    return folder.FullName;
                }
            }
            return Path.GetFullPath(WorkingDirectory);
        }
    }

    /// <summary>The runtime sits in &lt;dotnet root&gt;/shared/Microsoft.NETCore.App/&lt;version&gt;/; the host is &lt;dotnet root&gt;/dotnet.</summary>
    private static string? HostOfThisRuntime()
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location);
        var root = runtime is null ? null : Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        var host = root is null ? null : Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return host is not null && File.Exists(host) ? host : null;
    }
}
