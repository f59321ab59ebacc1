using System.Globalization;
using System.Text.Json;
using MlOps.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MlOps.Reliability.Tests.Security;

/// <summary>
/// Issue 16: a data value (a sensitive group, a label) with a line break followed by a GitHub workflow
/// command must never reach the output as a line of its own, nor become a diagnostic of its own; an
/// experiment name with a line break is refused at its place in the spec.
/// </summary>
public sealed class InjectionTests : IDisposable
{
    private const string Injected = "::error title=INJECTED::pwned";
    private readonly SampleRepo repo = new();
    private readonly ITestOutputHelper log;

    public InjectionTests(ITestOutputHelper log) => this.log = log;

    public void Dispose() => repo.Dispose();

    /// <summary>Every group is smaller than min_group_size, so the run is refused before training with an error (MLOPS608) that names them.</summary>
    private string WriteSpec()
    {
        var rows = Enumerable.Range(0, 80).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"{i % 2 * 2 + i % 7 / 10.0},{i % 5},{(i % 2 == 0 ? $"\"A\n{Injected}\r\n\u001b[2J\nspecs/inj.yaml(1,1): error MLOPS511: forged\"" : "B")},{(i % 3 == 0 ? "yes" : "no")}\n"));
        repo.Write("data/inj.csv", "a,b,grp,label\n" + string.Concat(rows));
        return repo.Write("specs/inj.yaml", """
            name: inj
            seed: 7
            base: { model: mlp, checkpoint: none, hidden: [8] }
            data: { train: ../data/inj.csv, label: label, split: { validation: 0.25 }, sensitive: [grp] }
            training: { epochs: 2, batch_size: 8, optimizer: { lr: 0.01 }, threads: 1 }
            bias:
              - { attribute: grp, metric: demographic_parity_difference, max: 0.5, min_group_size: 1000 }
            tracking: { experiment: reliability }
            """);
    }

    [Fact]
    public void A_group_value_with_a_workflow_command_stays_inside_its_line_on_the_console()
    {
        var spec = WriteSpec();
        var result = Mlops.Run(spec, Path.Combine(repo.Root, "out"));
        log.WriteLine(result.All);

        Assert.True(result.Exit == 2, result.All); // refused after loading: every group is too small
        var lines = result.All.Split('\n');
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("::", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("\u001b[2J", StringComparison.Ordinal)); // the data's "clear screen", not Spectre's own colours
        // The value did reach the output, escaped, inside a diagnostic that names the spec.
        var carrying = lines.Where(l => l.Contains("A\\n" + Injected, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(carrying);
        // One error, MLOPS608, and no MLOPS511 line of the value's making.
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("specs/inj.yaml(1,1)", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(": error MLOPS511:", StringComparison.Ordinal) && !l.Contains("A\\n" + Injected, StringComparison.Ordinal));
        var refusal = Assert.Single(lines, l => l.StartsWith(spec + "(", StringComparison.Ordinal) && l.Contains(": error MLOPS608:", StringComparison.Ordinal));
        Assert.Matches(Mlops.DiagnosticLine(), refusal.TrimEnd('\r'));
        Assert.Contains("A\\n" + Injected, refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_value_keeps_every_event_line_one_json_object()
    {
        var result = Mlops.Invoke(TimeSpan.FromMinutes(2), "run", WriteSpec(), "--output", Path.Combine(repo.Root, "out"), "--events", "jsonl");
        log.WriteLine(result.All);

        Assert.True(result.Exit == 2, result.All);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => JsonDocument.Parse(l).Dispose());
        Assert.Contains(lines, l => l.Contains("\"code\":\"MLOPS608\"", StringComparison.Ordinal) && l.Contains("INJECTED", StringComparison.Ordinal));
    }

    [Fact]
    public void An_experiment_name_with_a_line_break_is_refused_at_its_place()
    {
        var spec = TinySpec.Write(repo);
        File.WriteAllText(spec, File.ReadAllText(spec).Replace("tracking: { experiment: reliability }", "tracking: { experiment: \"exp\\nsecond\" }", StringComparison.Ordinal));

        var result = Mlops.Invoke(TimeSpan.FromMinutes(1), "validate", spec);
        log.WriteLine(result.All);

        Assert.Equal(2, result.Exit);
        var line = File.ReadAllLines(spec).ToList().FindIndex(l => l.Contains("experiment", StringComparison.Ordinal)) + 1;
        Assert.Contains($"({line},", result.All, StringComparison.Ordinal);
        Assert.Contains("error MLOPS017: 'tracking.experiment' must be one line", result.All, StringComparison.Ordinal);
        Assert.Contains("exp\\nsecond", result.All, StringComparison.Ordinal);
    }
}
