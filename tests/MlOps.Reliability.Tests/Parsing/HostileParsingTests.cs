using MlOps.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MlOps.Reliability.Tests.Parsing;

/// <summary>
/// Issue 16, "smaller" findings: YAML tags, NUL bytes, a folder given as the spec, and messages that
/// name the wrong source or the wrong reason. Each is bad input: exit 2 with a clear, placed message.
/// </summary>
public sealed class HostileParsingTests : IDisposable
{
    private readonly SampleRepo repo = new();
    private readonly ITestOutputHelper log;

    public HostileParsingTests(ITestOutputHelper log) => this.log = log;

    public void Dispose() => repo.Dispose();

    private Mlops.Result Validate(string spec)
    {
        var result = Mlops.Invoke(TimeSpan.FromMinutes(1), "validate", spec);
        log.WriteLine(result.All);
        return result;
    }

    private string Edit(string spec, string from, string to)
    {
        var text = File.ReadAllText(spec);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(spec, text.Replace(from, to, StringComparison.Ordinal));
        return spec;
    }

    private static int LineOf(string spec, string text) => File.ReadAllLines(spec).ToList().FindIndex(l => l.Contains(text, StringComparison.Ordinal)) + 1;

    [Fact]
    public void An_explicit_str_tag_makes_a_number_text()
    {
        var spec = Edit(TinySpec.Write(repo), "epochs: 3", "epochs: !!str 3");

        var result = Validate(spec);

        Assert.Equal(2, result.Exit);
        Assert.Contains($"({LineOf(spec, "epochs")},", result.All, StringComparison.Ordinal);
        Assert.Contains("error MLOPS013: 'training.epochs'", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nul_byte_in_the_spec_is_refused_at_its_line_and_column()
    {
        var spec = Edit(TinySpec.Write(repo), "seed: 7", "seed: 7\0");

        var result = Validate(spec);

        Assert.Equal(2, result.Exit);
        Assert.Contains($"({LineOf(spec, "seed")},8): error MLOPS006:", result.All, StringComparison.Ordinal);
        Assert.Contains("NUL", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain('\0', result.All);
    }

    [Fact]
    public void A_nul_in_a_path_is_printed_escaped()
    {
        var spec = Edit(TinySpec.Write(repo), "train: ../data/tiny.csv", "train: \"../data/ti\\0ny.csv\"");

        var result = Validate(spec);

        Assert.Equal(2, result.Exit);
        Assert.DoesNotContain('\0', result.All);
        Assert.Contains("ti\\0ny.csv", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_given_as_the_spec_is_called_a_directory()
    {
        var folder = Directory.CreateDirectory(Path.Combine(repo.Root, "specs", "a-folder.yaml")).FullName;

        var result = Mlops.Run(folder, Path.Combine(repo.Root, "out"));
        log.WriteLine(result.All);

        Assert.Equal(2, result.Exit);
        Assert.Contains("is a directory", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("does not exist", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsupported_tracking_uri_option_is_labelled_as_the_option()
    {
        var result = Mlops.Run(TinySpec.Write(repo), Path.Combine(repo.Root, "out"), "--tracking-uri", "ftp://example.org/mlflow");
        log.WriteLine(result.All);

        Assert.Equal(2, result.Exit);
        Assert.Contains("--tracking-uri: error MLOPS", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("MLFLOW_TRACKING_URI:", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_device_option_is_not_allowed_and_the_allowed_ones_are_listed()
    {
        var output = Path.Combine(repo.Root, "out");
        var result = Mlops.Run(TinySpec.Write(repo), output, "--device", "tpu");
        log.WriteLine(result.All);

        Assert.Equal(2, result.Exit);
        Assert.Contains("--device: error MLOPS016: --device 'tpu' is not allowed: use one of auto, cpu, cuda, cuda:N", result.All, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output), "nothing is written for bad input");
    }

    [Fact]
    public void Report_refuses_a_result_of_a_newer_schema_version()
    {
        var output = Path.Combine(repo.Root, "out");
        var run = Mlops.Run(TinySpec.Write(repo), output);
        Assert.True(run.Exit == 0, run.All);
        var resultJson = Path.Combine(output, "result.json");
        Edit(resultJson, "\"schema_version\": 1", "\"schema_version\": 99");

        var result = Mlops.Invoke(TimeSpan.FromMinutes(1), "report", output);
        log.WriteLine(result.All);

        Assert.Equal(2, result.Exit);
        Assert.Contains($"result.json({LineOf(resultJson, "schema_version")},", result.All, StringComparison.Ordinal);
        Assert.Contains("error MLOPS520: cannot read result.json: schema_version 99 is newer than this MlOps reads (1)", result.All, StringComparison.Ordinal);
    }
}
