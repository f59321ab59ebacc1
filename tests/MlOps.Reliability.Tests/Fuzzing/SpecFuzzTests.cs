using System.Globalization;
using MlOps.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MlOps.Reliability.Tests.Fuzzing;

/// <summary>
/// Thousands of damaged sample specs through `mlops validate` and a few through `mlops run`: the
/// command answers with exit 0 or 2 and well-formed diagnostics, never a crash or a hang.
/// MLOPS_FUZZ_CASES sets the count (MLOPS_SOAK=1: 20,000).
/// </summary>
public sealed class SpecFuzzTests(ITestOutputHelper log) : IDisposable
{
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(10);
    private readonly SampleRepo repo = new();

    private static int Cases(int normal, int soak) =>
        int.TryParse(Environment.GetEnvironmentVariable("MLOPS_FUZZ_CASES"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
        : Environment.GetEnvironmentVariable("MLOPS_SOAK") == "1" ? soak : normal;

    [Fact]
    public void Two_thousand_mutated_specs_validate_to_exit_0_or_2_with_well_formed_diagnostics()
    {
        var specs = repo.SampleSpecs();
        var cases = Cases(2000, 20_000);
        var failures = new List<string>();
        var exits = new Dictionary<int, int>();
        var kinds = new Dictionary<string, int>();
        for (var seed = 0; seed < cases; seed++)
        {
            var original = specs[seed % specs.Count];
            var (kind, bytes) = SpecMutator.Mutate(File.ReadAllText(original), seed);
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            var path = Path.Combine(Path.GetDirectoryName(original)!, "fuzz.yaml");
            File.WriteAllBytes(path, bytes);
            try
            {
                var result = Mlops.Invoke(PerCase, "validate", path);
                exits[result.Exit] = exits.GetValueOrDefault(result.Exit) + 1;
                if (Problem(result) is { } problem)
                {
                    failures.Add($"seed {seed} ({kind}, {Path.GetFileName(original)}): {problem}");
                }
            }
            catch (Exception e) when (e is TimeoutException or AggregateException)
            {
                failures.Add($"seed {seed} ({kind}, {Path.GetFileName(original)}): {e.GetBaseException().GetType().Name}: {e.GetBaseException().Message}");
            }
        }
        log.WriteLine($"{cases} mutations over {specs.Count} specs; exit codes: {string.Join(", ", exits.OrderBy(e => e.Key).Select(e => $"{e.Key}×{e.Value}"))}; kinds: {string.Join(", ", kinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}×{k.Value}"))}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} cases misbehaved:\n" + string.Join('\n', failures.Take(25)));
        Assert.True(exits.GetValueOrDefault(2) > cases / 4, "most mutations should be caught as errors");
    }

    [Fact]
    public void Mutated_specs_through_run_exit_0_1_or_2_and_a_refused_run_leaves_no_output()
    {
        var specs = repo.SampleSpecs().Where(s => s.Contains("credit", StringComparison.Ordinal)).ToList();
        var cases = Cases(60, 600);
        var failures = new List<string>();
        var exits = new Dictionary<int, int>();
        for (var seed = 0; seed < cases; seed++)
        {
            var original = specs[seed % specs.Count];
            var shortened = File.ReadAllText(original).Replace("epochs: 20", "epochs: 2", StringComparison.Ordinal).Replace("epochs: 30", "epochs: 2", StringComparison.Ordinal);
            var (kind, bytes) = SpecMutator.Mutate(shortened, 10_000 + seed);
            var path = Path.Combine(Path.GetDirectoryName(original)!, "fuzz.yaml");
            File.WriteAllBytes(path, bytes);
            var output = Path.Combine(repo.Root, "fuzz-out", seed.ToString(CultureInfo.InvariantCulture));
            try
            {
                var result = Mlops.Run(path, output);
                exits[result.Exit] = exits.GetValueOrDefault(result.Exit) + 1;
                if (result.Exit is not (0 or 1 or 2))
                {
                    failures.Add($"seed {seed} ({kind}): exit {result.Exit}\n{result.All}");
                }
                else if (result.Exit == 2 && Directory.Exists(output))
                {
                    failures.Add($"seed {seed} ({kind}): exit 2 left {string.Join(", ", Directory.GetFileSystemEntries(output, "*", SearchOption.AllDirectories))}\n{result.All}");
                }
                else if (result.Exit is 0 or 1 && !File.Exists(Path.Combine(output, "result.json")))
                {
                    failures.Add($"seed {seed} ({kind}): exit {result.Exit} without result.json");
                }
            }
            catch (Exception e) when (e is TimeoutException or AggregateException)
            {
                failures.Add($"seed {seed} ({kind}): {e.GetBaseException()}");
            }
        }
        log.WriteLine($"{cases} mutated runs; exit codes: {string.Join(", ", exits.OrderBy(e => e.Key).Select(e => $"{e.Key}×{e.Value}"))}");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(10)));
    }

    private static string? Problem(Mlops.Result result)
    {
        if (result.Exit is not (0 or 2))
        {
            return $"exit {result.Exit}: {result.All}";
        }
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count == 0 || !lines[^1].StartsWith("1 spec(s) ", StringComparison.Ordinal))
        {
            return "no summary line: " + result.All;
        }
        var bad = lines.SkipLast(1).FirstOrDefault(l => !Mlops.DiagnosticLine().IsMatch(l));
        if (bad is not null)
        {
            return $"malformed line '{bad}'";
        }
        return result.Exit == 2 && !lines.Any(l => l.Contains(": error MLOPS", StringComparison.Ordinal)) ? "exit 2 without an error line" : null;
    }

    public void Dispose() => repo.Dispose();
}
