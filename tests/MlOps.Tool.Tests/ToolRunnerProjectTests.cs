using System.Runtime.InteropServices;
using System.Xml.Linq;
using MlOps.Build.Runner;
using MlOps.Tool.Runner;

namespace MlOps.Tool.Tests;

/// <summary>The runner `mlops run` trains in carries the backend's libtorch, as MlOps.Build's runner does.</summary>
public sealed class ToolRunnerProjectTests
{
    private static XDocument Project(string libTorchPackage) =>
        XDocument.Parse(ToolRunnerProject.Files(new ToolRunnerSettings("1.2.3", libTorchPackage, "2.10.0"))[ToolRunnerProject.ProjectFileName]);

    private static Dictionary<string, string> References(XDocument project) =>
        project.Descendants("PackageReference").ToDictionary(r => r.Attribute("Include")!.Value, r => r.Attribute("Version")!.Value);

    [Fact]
    public void It_references_the_cli_and_the_build_package_of_the_tools_version_and_one_libtorch()
    {
        var references = References(Project("libtorch-cpu-linux-x64"));

        Assert.Equal(new Dictionary<string, string> { ["MlOps.Cli"] = "1.2.3", ["libtorch-cpu-linux-x64"] = "2.10.0", ["MlOps.Build"] = "1.2.3" }, references);
    }

    [Fact]
    public void It_builds_no_specs_of_its_own_and_is_shielded_from_the_repositorys_build_settings()
    {
        var files = ToolRunnerProject.Files(new ToolRunnerSettings("1.2.3", "libtorch-cpu-linux-x64", "2.10.0"));

        Assert.Equal("false", XDocument.Parse(files[ToolRunnerProject.ProjectFileName]).Descendants("EnableDefaultFineTuneSpecItems").Single().Value);
        Assert.Equal("<Project />\n", files["Directory.Build.props"]);
        Assert.Equal("<Project />\n", files["Directory.Packages.props"]);
        Assert.Contains("MlOps.Cli.Program.Main(args)", files["Program.cs"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cpu", "libtorch-cpu-linux-x64")]
    [InlineData("CUDA", "libtorch-cuda-12.8-linux-x64")]
    public void The_backend_chooses_the_same_package_as_MlOps_Build(string backend, string linuxPackage)
    {
        var environment = new ToolEnvironment(Path.GetTempPath(), _ => null);
        var (options, _) = ToolRunOptions.Parse([ToolRunOptions.BackendOption, backend], environment);

        var runner = ToolRunner.For(options!, environment);

        Assert.Equal(LibTorchPackages.For(backend, LibTorchPackages.CurrentOs()), runner!.LibTorchPackage);
        Assert.Equal(LibTorchPackages.DefaultVersion, runner.LibTorchVersion);
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            Assert.Equal(linuxPackage, runner.LibTorchPackage);
        }
    }

    [Fact]
    public void The_runner_lives_under_the_repository_root_one_folder_per_backend()
    {
        var repository = Directory.CreateTempSubdirectory("mlops-tool-root-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(repository, ".git"));
            var nested = Directory.CreateDirectory(Path.Combine(repository, "src", "Model")).FullName;
            var environment = new ToolEnvironment(nested, _ => null);

            var runner = ToolRunner.For(ToolRunOptions.Parse([], environment).Options!, environment)!;

            Assert.Equal(Path.Combine(repository, ".mlops", "runner", "cpu"), runner.Directory);
        }
        finally
        {
            Directory.Delete(repository, recursive: true);
        }
    }
}
