using System.Diagnostics;

namespace MlOps.Reliability.Tests.Crashes;

/// <summary>
/// A FIFO made `validate` block forever and `run` ignore SIGTERM; /dev/zero was read endlessly
/// (issue 16). Anything that is not a regular file once links are followed is refused at once.
/// </summary>
public sealed class NotARegularFileTests : IDisposable
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(30);
    private readonly SampleRepo repo = new();

    public void Dispose() => repo.Dispose();

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path])!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    private string SpecReading(string train)
    {
        var spec = TinySpec.Write(repo);
        File.WriteAllText(spec, File.ReadAllText(spec).Replace("../data/tiny.csv", train, StringComparison.Ordinal));
        return spec;
    }

    private static void AssertRefused(Mlops.Result result, string code, string kind)
    {
        Assert.True(result.Exit == 2, result.All);
        Assert.Contains($"error {code}:", result.All, StringComparison.Ordinal);
        Assert.Contains(kind, result.All, StringComparison.Ordinal);
        Assert.Contains("not a regular file", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fifo_as_data_file_is_refused_by_validate_and_run_without_blocking()
    {
        var spec = SpecReading("../data/pipe.csv");
        MakeFifo(Path.Combine(repo.Root, "data", "pipe.csv"));

        AssertRefused(Mlops.Invoke(Quickly, "validate", spec), "MLOPS020", "FIFO");
        AssertRefused(Mlops.Invoke(Quickly, "run", spec, "--output", Path.Combine(repo.Root, "out")), "MLOPS020", "FIFO");
        Assert.False(Directory.Exists(Path.Combine(repo.Root, "out")));
    }

    [Fact]
    public void Dev_zero_is_refused_even_with_allow_outside_repository()
    {
        var spec = SpecReading("/dev/zero");

        AssertRefused(Mlops.Invoke(Quickly, "run", spec, "--output", Path.Combine(repo.Root, "out"), "--allow-outside-repository"), "MLOPS020", "character device");
    }

    [Fact]
    public void A_symbolic_link_to_a_device_is_judged_by_its_target()
    {
        var spec = SpecReading("../data/zero.csv");
        File.CreateSymbolicLink(Path.Combine(repo.Root, "data", "zero.csv"), "/dev/zero");

        AssertRefused(Mlops.Invoke(Quickly, "validate", spec, "--allow-outside-repository"), "MLOPS020", "character device");
    }

    [Fact]
    public void A_fifo_as_the_spec_is_refused_without_blocking()
    {
        var spec = Path.Combine(repo.Root, "specs", "pipe.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(spec)!);
        MakeFifo(spec);

        AssertRefused(Mlops.Invoke(Quickly, "validate", spec), "MLOPS001", "FIFO");
        AssertRefused(Mlops.Invoke(Quickly, "run", spec), "MLOPS001", "FIFO");
    }
}
