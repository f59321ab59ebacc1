using System.IO.Compression;
using System.Xml.Linq;

namespace MlOps.Tool.Tests.EndToEnd;

/// <summary>The installed `mlops` command in a throwaway git repository, as a package user runs it.</summary>
[Collection(InstalledToolCollection.Name)]
public sealed class ToolEndToEndTests(InstalledTool tool) : IDisposable
{
    private const string Spec = """
        name: tiny
        base:
          model: mlp
        data:
          format: csv
          train: data/train.csv
          validation: data/val.csv
          label: label
        training:
          epochs: 2
        gates:
          - { metric: accuracy, min: MIN }

        """;

    private readonly string _repository = CreateRepository(tool);

    private static string CreateRepository(InstalledTool tool)
    {
        var repository = Directory.CreateDirectory(Path.Combine(tool.Root, "repo-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        Directory.CreateDirectory(Path.Combine(repository, ".git"));
        Directory.CreateDirectory(Path.Combine(repository, "specs", "data"));
        var random = new Random(1);
        foreach (var (file, rows) in new[] { ("train.csv", 60), ("val.csv", 20) })
        {
            File.WriteAllLines(Path.Combine(repository, "specs", "data", file),
                ["x,y,label", .. Enumerable.Range(0, rows).Select(_ => FormattableString.Invariant($"{random.NextDouble():F3},{random.NextDouble():F3},{(random.Next(2) == 0 ? "a" : "b")}"))]);
        }
        File.WriteAllText(Path.Combine(repository, "specs", "tiny.yaml"), Spec.Replace("MIN", "0.1", StringComparison.Ordinal));
        return repository;
    }

    public void Dispose() => Directory.Delete(_repository, recursive: true);

    private (int Exit, string Output) Mlops(params string[] args) => Dotnet.Run(tool.Command, _repository, tool.Environment, args);

    [Fact]
    public void The_package_is_a_dotnet_tool_named_mlops_that_carries_no_libtorch()
    {
        using var package = ZipFile.OpenRead(Path.Combine(tool.Feed, $"MlOps.Tool.{InstalledTool.Version}.nupkg"));
        var settings = XDocument.Load(package.GetEntry("tools/net10.0/any/DotnetToolSettings.xml")!.Open());
        var nuspec = XDocument.Load(package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());

        Assert.Equal("mlops", settings.Descendants("Command").Single().Attribute("Name")!.Value);
        Assert.Equal("DotnetTool", nuspec.Descendants().Single(e => e.Name.LocalName == "packageType").Attribute("name")!.Value);
        // libtorch is libtorch*, libc10*, torch_*, c10*; (lib)LibTorchSharp is TorchSharp's small glue, loaded only with libtorch.
        var names = package.Entries.Select(e => Path.GetFileName(e.FullName).ToLowerInvariant()).Where(n => !n.Contains("torchsharp", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(names, n => n.StartsWith("libtorch", StringComparison.Ordinal) || n.StartsWith("libc10", StringComparison.Ordinal) || n.StartsWith("torch_", StringComparison.Ordinal) || n.StartsWith("c10", StringComparison.Ordinal));
        Assert.True(new FileInfo(Path.Combine(tool.Feed, $"MlOps.Tool.{InstalledTool.Version}.nupkg")).Length < 150_000_000, "far smaller than one libtorch");
    }

    [Fact]
    public void Validate_takes_a_folder_and_a_quoted_glob()
    {
        var (folderExit, folderOutput) = Mlops("validate", "specs/");
        var (globExit, globOutput) = Mlops("validate", "specs/**/*.yaml");

        Assert.True(folderExit == 0, folderOutput);
        Assert.Contains("1 spec(s) valid", folderOutput, StringComparison.Ordinal);
        Assert.True(globExit == 0, globOutput);
        Assert.Contains("1 spec(s) valid", globOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_passes_without_libtorch_and_names_the_runner()
    {
        var (exit, output) = Mlops("doctor");

        Assert.True(exit == 0, output);
        Assert.Contains("not loaded by this process", output, StringComparison.Ordinal);
        Assert.Contains("libtorch-", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_trains_in_a_runner_with_the_backends_libtorch_exits_with_the_gate_verdict_and_report_renders_it()
    {
        var (passed, passedOutput) = Mlops("run", "specs/tiny.yaml", "--torch-backend", "cpu");
        File.WriteAllText(Path.Combine(_repository, "specs", "tiny.yaml"), Spec.Replace("MIN", "0.99", StringComparison.Ordinal));
        var (failed, failedOutput) = Mlops("run", "specs/tiny.yaml", "--events", "jsonl");
        var (reported, reportOutput) = Mlops("report", "out/tiny", "--format", "json");

        Assert.True(passed == 0, passedOutput);
        Assert.Contains("building the runner with libtorch-cpu-", passedOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_repository, "out", "tiny", "result.json")), passedOutput);
        Assert.True(Directory.EnumerateFiles(Path.Combine(_repository, ".mlops", "runner", "cpu"), "*torch_cpu*", SearchOption.AllDirectories).Any(), "libtorch is in the runner");
        Assert.True(failed == 1, failedOutput);
        Assert.Contains("\"event\":\"gate\"", failedOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("building the runner", failedOutput, StringComparison.Ordinal);
        Assert.True(reported == 0, reportOutput); // plots and report, in the tool's own process, without libtorch
        Assert.Contains("plots/loss.png", reportOutput, StringComparison.Ordinal);
    }
}
