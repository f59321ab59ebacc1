using System.Xml.Linq;
using MlOps.Build.Tests.Infrastructure;

namespace MlOps.Build.Tests.EndToEnd;

/// <summary>Real `dotnet build` of a consumer of the packed MlOps.Build, with the fake runner.</summary>
[Collection(PackedFeedCollection.Name)]
public sealed class FineTuneBuildTests(PackedFeed feed)
{
    private static int LineOf(string text, string needle) =>
        text.Split('\n').Select((line, i) => (line, i)).First(x => x.line.Contains(needle, StringComparison.Ordinal)).i + 1;

    [SpecLoaderFact]
    public void Builds_train_only_when_spec_or_data_change_expose_results_and_clean_removes_outputs()
    {
        using var consumer = new ConsumerProject(feed);
        var result = Path.Combine(consumer.Folder, "bin", "mlops", "tiny", "result.json");

        var (validateOnly, validateOutput) = consumer.Dotnet("build", "-p:MlOpsFineTune=false");
        Assert.True(validateOnly == 0, validateOutput);
        Assert.Equal(0, consumer.RunnerInvocations);

        var (exit, output) = consumer.Dotnet("build");
        Assert.True(exit == 0, output);
        Assert.Equal(1, consumer.RunnerInvocations);
        Assert.Contains("MlOps: tiny: epoch 1/2 train_loss 0.9", output, StringComparison.Ordinal);
        Assert.Contains("RESULT tiny passed true 0.874 run123", output, StringComparison.Ordinal);
        Assert.True(File.Exists(result));
        Assert.False(Directory.Exists(Path.Combine(consumer.Folder, "bin", "Debug", "net10.0", "runtimes")), "no libtorch in the consumer's output");

        var (again, upToDateOutput) = consumer.Dotnet("build", "--no-restore");
        Assert.True(again == 0, upToDateOutput);
        Assert.Equal(1, consumer.RunnerInvocations);
        Assert.Contains("MlOps: tiny is up to date", upToDateOutput, StringComparison.Ordinal);
        Assert.Contains("RESULT tiny passed true 0.874 run123", upToDateOutput, StringComparison.Ordinal);

        File.AppendAllText(Path.Combine(consumer.Folder, "specs", "data", "train.csv"), "7,a\n");
        var (afterEdit, afterEditOutput) = consumer.Dotnet("build", "--no-restore");
        Assert.True(afterEdit == 0, afterEditOutput);
        Assert.Equal(2, consumer.RunnerInvocations);

        var (cleaned, cleanOutput) = consumer.Dotnet("clean");
        Assert.True(cleaned == 0, cleanOutput);
        Assert.False(File.Exists(result));
        Assert.False(File.Exists(Path.Combine(consumer.Folder, "bin", "mlops", "tiny.fingerprint")));
    }

    [SpecLoaderFact]
    public void Failing_gate_fails_the_build_on_the_gate_line_and_is_a_warning_when_MlOpsFailOnGate_is_false()
    {
        using var consumer = new ConsumerProject(feed, ConsumerProject.Spec.Replace("min: 0.5", "min: 0.99", StringComparison.Ordinal));
        var line = LineOf(File.ReadAllText(consumer.SpecPath), "min: 0.99");

        var (exit, output) = consumer.Dotnet("build");

        Assert.NotEqual(0, exit);
        Assert.Contains($"{consumer.SpecPath}({line},5): error MLOPS511: gate 'accuracy min' failed: 0.874", output, StringComparison.Ordinal);

        var (lenient, lenientOutput) = consumer.Dotnet("build", "--no-restore", "-p:MlOpsFailOnGate=false");

        Assert.True(lenient == 0, lenientOutput);
        Assert.Equal(2, consumer.RunnerInvocations); // a failed spec is never "up to date"
        Assert.Contains($"{consumer.SpecPath}({line},5): warning MLOPS511: gate 'accuracy min' failed", lenientOutput, StringComparison.Ordinal);
    }

    [SpecLoaderFact]
    public void Malformed_spec_fails_at_its_line_before_any_training()
    {
        using var consumer = new ConsumerProject(feed, ConsumerProject.Spec.Replace("training:", "trainig:", StringComparison.Ordinal));
        var line = LineOf(File.ReadAllText(consumer.SpecPath), "trainig:");

        var (exit, output) = consumer.Dotnet("build");

        Assert.NotEqual(0, exit);
        Assert.Contains($"{consumer.SpecPath}({line},1): error MLOPS", output, StringComparison.Ordinal);
        Assert.Equal(0, consumer.RunnerInvocations);
    }

    [Fact]
    public void Design_time_builds_neither_validate_nor_train()
    {
        using var consumer = new ConsumerProject(feed, ConsumerProject.Spec.Replace("training:", "trainig:", StringComparison.Ordinal));

        var (exit, output) = consumer.Dotnet("build", "-p:DesignTimeBuild=true");

        Assert.True(exit == 0, output);
        Assert.DoesNotContain("MLOPS", output, StringComparison.Ordinal);
        Assert.Equal(0, consumer.RunnerInvocations);
    }

    [Fact]
    public void MlOpsTorchBackend_switches_the_runner_package_graph_to_cuda()
    {
        using var consumer = new ConsumerProject(feed);

        var (exit, output) = EndToEnd.Dotnet.Run(consumer.Folder, feed.Packages,
            "msbuild", "-restore", "-t:MlOpsGenerateRunner", "-nr:false", "-tl:off", "-p:MlOpsTorchBackend=cuda");

        Assert.True(exit == 0, output);
        var runner = XDocument.Load(Path.Combine(consumer.Folder, "obj", "mlops", "runner", "MlOps.Runner.csproj"));
        var packages = runner.Descendants("PackageReference").ToDictionary(p => (string)p.Attribute("Include")!, p => (string)p.Attribute("Version")!);
        Assert.Equal(feed.Version, packages["MlOps.Cli"]);
        Assert.Contains(packages.Keys, k => k.StartsWith("libtorch-cuda-", StringComparison.Ordinal));
        Assert.DoesNotContain(packages.Keys, k => k.StartsWith("libtorch-cpu-", StringComparison.Ordinal));
        Assert.EndsWith("consumer.dll", (string)runner.Descendants("Reference").Single().Attribute("HintPath")!, StringComparison.Ordinal);
    }
}
