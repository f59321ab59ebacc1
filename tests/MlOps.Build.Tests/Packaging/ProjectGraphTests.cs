using System.Text.Json;
using MlOps.Build.Tests.EndToEnd;

namespace MlOps.Build.Tests.Packaging;

/// <summary>
/// MlOps.Build's restore graph (obj/project.assets.json, written by the build of this test project)
/// holds no TorchSharp, libtorch or MlOps.Core for either task build: the compiler keeps libtorch
/// out of MSBuild, not a list of DLL names.
/// </summary>
public sealed class ProjectGraphTests
{
    [Fact]
    public void MlOps_Build_restores_nothing_of_TorchSharp_for_either_MSBuild_host()
    {
        var assets = Path.Combine(PackedFeed.RepoRoot, "src", "MlOps.Build", "obj", "project.assets.json");
        using var json = JsonDocument.Parse(File.ReadAllText(assets));

        var frameworks = json.RootElement.GetProperty("targets").EnumerateObject().Select(t => t.Name).ToList();
        Assert.Contains("net472", frameworks);
        Assert.Contains("net10.0", frameworks);

        var libraries = json.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name.Split('/')[0]).ToList();
        Assert.Contains("MlOps.Specs", libraries);
        Assert.DoesNotContain(libraries, name =>
            name.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase)
            || name is "MlOps.Core" or "MlOps.Cli");
    }
}
