using System.IO.Compression;
using System.Reflection;
using MlOps.Build.Tests.EndToEnd;
using MlOps.Build.Tests.Infrastructure;

namespace MlOps.Build.Tests.Packaging;

/// <summary>
/// The package carries one task build per MSBuild host (build/MlOps.Build.targets picks it by
/// MSBuildRuntimeType), each with its whole managed closure and nothing that loads libtorch.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed class TaskFoldersTests(PackedFeed feed) : IDisposable
{
    private readonly TempFolder _temp = new();

    [Theory]
    [InlineData("net472")]
    [InlineData("net10.0")]
    public void The_package_has_the_task_assembly_and_its_closure_for_each_MSBuild_host(string framework)
    {
        var files = TaskFiles(framework);

        Assert.Contains("MlOps.Build.dll", files);
        Assert.Contains("MlOps.Specs.dll", files);
        Assert.Contains("MlOps.Contracts.dll", files);
        Assert.Contains("YamlDotNet.dll", files);
        Assert.DoesNotContain(files, f => f.StartsWith("Microsoft.Build", StringComparison.Ordinal));
        Assert.DoesNotContain(files, IsTorch);
    }

    [Fact]
    public void The_net472_tasks_are_NET_Framework_or_netstandard_assemblies_whose_references_resolve_in_the_folder_or_the_host()
    {
        var folder = Extract("net472");
        var assemblies = Directory.GetFiles(folder, "*.dll").Select(AssemblyTarget.Read).ToList();
        var inFolder = assemblies.Select(a => a.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.DoesNotContain(assemblies, a => IsTorch(a.Name + ".dll"));
        foreach (var assembly in assemblies)
        {
            Assert.True(assembly.Framework is { } f && (f.StartsWith(".NETFramework", StringComparison.Ordinal) || f.StartsWith(".NETStandard", StringComparison.Ordinal)),
                $"{assembly.Name} targets {assembly.Framework ?? "nothing known"}, not .NET Framework or netstandard");
            foreach (var reference in assembly.References.Where(r => !inFolder.Contains(r.Name!)))
            {
                Assert.True(IsNetFrameworkHostAssembly(reference), $"{assembly.Name} references {reference}: neither in tasks/net472/ nor in .NET Framework or its MSBuild");
            }
        }
    }

    /// <summary>
    /// What .NET Framework and its MSBuild provide: framework assemblies (4.x; netstandard 2.0 through
    /// its facade) and MSBuild's own. A net10.0 build would reference System.Runtime 10.0 or System.Private.CoreLib.
    /// </summary>
    private static bool IsNetFrameworkHostAssembly(AssemblyName reference) => reference.Name switch
    {
        "netstandard" => reference.Version <= new Version(2, 0, 0, 0),
        "System.Private.CoreLib" => false,
        "mscorlib" or "System" => reference.Version?.Major == 4,
        { } name when name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.Win32.", StringComparison.Ordinal) => reference.Version?.Major == 4,
        { } name when name.StartsWith("Microsoft.Build", StringComparison.Ordinal) => true,
        _ => false,
    };

    private static bool IsTorch(string file) =>
        file.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase)
        || file.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase)
        || file.StartsWith("MlOps.Core", StringComparison.Ordinal);

    private List<string> TaskFiles(string framework)
    {
        using var package = ZipFile.OpenRead(Package());
        var prefix = $"tasks/{framework}/";
        return [.. package.Entries.Where(e => e.FullName.StartsWith(prefix, StringComparison.Ordinal)).Select(e => e.FullName[prefix.Length..])];
    }

    private string Extract(string framework)
    {
        var folder = Path.Combine(_temp.Path, framework);
        using var package = ZipFile.OpenRead(Package());
        foreach (var entry in package.Entries.Where(e => e.FullName.StartsWith($"tasks/{framework}/", StringComparison.Ordinal) && e.Name.Length > 0))
        {
            Directory.CreateDirectory(folder);
            entry.ExtractToFile(Path.Combine(folder, entry.Name));
        }
        return folder;
    }

    private string Package() => Path.Combine(feed.Feed, $"MlOps.Build.{feed.Version}.nupkg");

    public void Dispose() => _temp.Dispose();
}
