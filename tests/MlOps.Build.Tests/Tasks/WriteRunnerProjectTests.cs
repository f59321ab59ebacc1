using System.Xml.Linq;
using MlOps.Build.Tasks;
using MlOps.Build.Tests.Infrastructure;

namespace MlOps.Build.Tests.Tasks;

public sealed class WriteRunnerProjectTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly FakeBuildEngine _engine = new();

    private XDocument Generate(string backend)
    {
        var task = new WriteRunnerProject { BuildEngine = _engine, Directory = _temp.Path, TorchBackend = backend, CliVersion = "1.2.3", ModelsAssembly = "/repo/bin/images.dll" };
        Assert.True(task.Execute());
        return XDocument.Load(task.ProjectFile);
    }

    private static Dictionary<string, string> PackageReferences(XDocument project) =>
        project.Descendants("PackageReference").ToDictionary(p => (string)p.Attribute("Include")!, p => (string)p.Attribute("Version")!);

    [Fact]
    public void Cpu_backend_references_the_cpu_libtorch_of_this_OS_and_the_cli()
    {
        var packages = PackageReferences(Generate("cpu"));

        Assert.Equal("1.2.3", packages["MlOps.Cli"]);
        Assert.Single(packages.Keys, k => k.StartsWith("libtorch-cpu-", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Platform", "linux-windows")]
    public void Cuda_backend_switches_the_runner_to_the_cuda_libtorch_package()
    {
        var packages = PackageReferences(Generate("cuda"));

        Assert.Single(packages.Keys, k => k.StartsWith("libtorch-cuda-12.8-", StringComparison.Ordinal));
        Assert.DoesNotContain(packages.Keys, k => k.StartsWith("libtorch-cpu-", StringComparison.Ordinal));
    }

    [Fact]
    public void Runner_references_the_consumer_assembly_for_its_model_classes()
    {
        var reference = Assert.Single(Generate("cpu").Descendants("Reference"));

        Assert.Equal("/repo/bin/images.dll", (string)reference.Attribute("HintPath")!);
    }

    [Fact]
    public void Runner_is_shielded_from_the_consumers_directory_build_files()
    {
        Generate("cpu");

        Assert.Equal("<Project />\n", File.ReadAllText(Path.Combine(_temp.Path, "Directory.Packages.props")));
        Assert.True(File.Exists(Path.Combine(_temp.Path, "Directory.Build.props")));
    }

    [Fact]
    public void Unknown_backend_is_an_error_naming_the_choices()
    {
        var task = new WriteRunnerProject { BuildEngine = _engine, Directory = _temp.Path, TorchBackend = "rocm" };

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("MLOPS807", error.Code);
        Assert.Contains("'cpu'", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
