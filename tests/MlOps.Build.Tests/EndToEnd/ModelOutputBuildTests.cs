using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using MlOps.Build.Tests.Infrastructure;

namespace MlOps.Build.Tests.EndToEnd;

/// <summary>
/// FineTuneSpec metadata CopyToOutput / Embed (MlOps.Build.Models.targets): real `dotnet build` and
/// `dotnet publish` of a consumer of the packed MlOps.Build; the fake runner writes the exported onnx/ folder.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed class ModelOutputBuildTests(PackedFeed feed)
{
    [SpecLoaderFact]
    public void CopyToOutput_puts_the_passed_model_beside_the_dll_and_in_publish_copies_nothing_when_up_to_date_and_withdraws_it_on_a_failed_gate()
    {
        using var consumer = new ConsumerProject(feed, specMetadata: "CopyToOutput=\"true\"");
        var bin = Path.Combine(consumer.Folder, "bin", "Debug", "net10.0");
        var model = Path.Combine(bin, "tiny", "model.onnx");

        var (exit, output) = consumer.Dotnet("build");

        Assert.True(exit == 0, output);
        Assert.Equal("onnx-bytes", File.ReadAllText(model));
        Assert.True(File.Exists(Path.Combine(bin, "tiny", "model.json")));
        Assert.True(File.Exists(Path.Combine(bin, "tiny", "tokenizer", "vocab.txt")), "subfolders of the exported folder come along");
        var copiedAt = File.GetLastWriteTimeUtc(model);

        var (again, againOutput) = consumer.Dotnet("build", "--no-restore");
        Assert.True(again == 0, againOutput);
        Assert.Contains("MlOps: tiny is up to date", againOutput, StringComparison.Ordinal);
        Assert.Equal(1, consumer.RunnerInvocations);
        Assert.Equal(copiedAt, File.GetLastWriteTimeUtc(model));
        Assert.DoesNotContain("tiny/model.onnx\"", againOutput.Replace('\\', '/'), StringComparison.Ordinal);

        var (published, publishOutput) = consumer.Dotnet("publish", "--no-restore", "-o", "pub");
        Assert.True(published == 0, publishOutput);
        Assert.Equal("onnx-bytes", File.ReadAllText(Path.Combine(consumer.Folder, "pub", "tiny", "model.onnx")));
        Assert.True(File.Exists(Path.Combine(consumer.Folder, "pub", "tiny", "tokenizer", "vocab.txt")));

        File.WriteAllText(consumer.SpecPath, File.ReadAllText(consumer.SpecPath).Replace("min: 0.5", "min: 0.99", StringComparison.Ordinal));
        var (lenient, lenientOutput) = consumer.Dotnet("build", "--no-restore", "-p:MlOpsFailOnGate=false");
        Assert.True(lenient == 0, lenientOutput);
        Assert.Contains("warning MLOPS511", lenientOutput, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(bin, "tiny")), "a failed gate leaves no model beside the app");

        var (cleaned, cleanOutput) = consumer.Dotnet("clean");
        Assert.True(cleaned == 0, cleanOutput);
    }

    [SpecLoaderFact]
    public void Clean_removes_the_copied_model()
    {
        using var consumer = new ConsumerProject(feed, specMetadata: "CopyToOutput=\"true\"");
        var (exit, output) = consumer.Dotnet("build");
        Assert.True(exit == 0, output);
        var model = Path.Combine(consumer.Folder, "bin", "Debug", "net10.0", "tiny", "model.onnx");
        Assert.True(File.Exists(model));

        var (cleaned, cleanOutput) = consumer.Dotnet("clean");

        Assert.True(cleaned == 0, cleanOutput);
        Assert.False(File.Exists(model));
    }

    [SpecLoaderFact]
    public void Embed_makes_the_exported_files_resources_named_by_spec_and_file()
    {
        using var consumer = new ConsumerProject(feed, specMetadata: "Embed=\"true\"");

        var (exit, output) = consumer.Dotnet("build");

        Assert.True(exit == 0, output);
        var assembly = Path.Combine(consumer.Folder, "bin", "Debug", "net10.0", "consumer.dll");
        Assert.Equal(["tiny/model.json", "tiny/model.onnx", "tiny/tokenizer/vocab.txt"], ResourceNames(assembly));
        Assert.False(Directory.Exists(Path.Combine(consumer.Folder, "bin", "Debug", "net10.0", "tiny")), "Embed alone copies no files");
        var builtAt = File.GetLastWriteTimeUtc(assembly);

        var (again, againOutput) = consumer.Dotnet("build", "--no-restore");
        Assert.True(again == 0, againOutput);
        Assert.Equal(1, consumer.RunnerInvocations);
        Assert.Equal(builtAt, File.GetLastWriteTimeUtc(assembly));
    }

    [SpecLoaderFact]
    public void A_passed_spec_without_an_exported_model_is_MLOPS810_on_the_spec()
    {
        using var consumer = new ConsumerProject(feed, specMetadata: "CopyToOutput=\"true\"");
        // A runner that exports nothing: the fake's onnx/ lines removed.
        var script = File.ReadAllLines(consumer.Runner).Where(l => !l.Contains("onnx", StringComparison.Ordinal));
        File.WriteAllLines(consumer.Runner, script);

        var (exit, output) = consumer.Dotnet("build");

        Assert.NotEqual(0, exit);
        // MSBuild's canonical form for a file without a line: "path : error CODE: text".
        Assert.Contains($"{consumer.SpecPath} : error MLOPS810: spec 'tiny' asks for its model in the app", output, StringComparison.Ordinal);
    }

    private static string[] ResourceNames(string assembly)
    {
        using var stream = File.OpenRead(assembly);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        return [.. reader.ManifestResources.Select(h => reader.GetString(reader.GetManifestResource(h).Name)).Order(StringComparer.Ordinal)];
    }
}
