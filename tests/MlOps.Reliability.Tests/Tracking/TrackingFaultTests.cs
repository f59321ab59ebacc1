using System.Text.Json;
using MlOps.Mlflow.Tests.Fakes;
using MlOps.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MlOps.Reliability.Tests.Tracking;

/// <summary>
/// A misbehaving MLflow server never changes a verdict or an exit code, and after `mlops sync`
/// every param, metric value and artifact has reached it exactly once.
/// </summary>
public sealed class TrackingFaultTests : IDisposable
{
    private static readonly Dictionary<string, string> Budget = new()
    {
        ["MLOPS_TRACKING_MAX_RETRIES"] = "2",
        ["MLOPS_TRACKING_RETRY_DELAY_MS"] = "10",
        ["MLOPS_TRACKING_TIMEOUT_SECONDS"] = "1",
        ["MLOPS_TRACKING_TOTAL_TIMEOUT_SECONDS"] = "10",
    };
    private readonly SampleRepo repo = new();
    private readonly ITestOutputHelper log;

    public TrackingFaultTests(ITestOutputHelper log)
    {
        this.log = log;
        foreach (var (name, value) in Budget)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var name in Budget.Keys)
        {
            Environment.SetEnvironmentVariable(name, null);
        }
        repo.Dispose();
    }

    public static TheoryData<string> Faults() => new() { "refused", "500s", "429-retry-after", "slow", "truncated-json", "html-error", "dies-mid-run" };

    private sealed record Delivered(int Exit, string Verdict, int Runs, int Params, int Metrics, int Artifacts);

    private Delivered RunAgainst(FakeMlflowServer server, string? uri = null, string name = "run", bool expectOutbox = false)
    {
        var output = Path.Combine(repo.Root, "out-" + name);
        var result = Mlops.Run(TinySpec.Write(repo), output, "--tracking-uri", uri ?? server.Uri.AbsoluteUri);
        log.WriteLine($"{name}: exit {result.Exit}\n{result.All}");
        var outbox = Path.Combine(repo.Root, ".mlops", "outbox");
        Assert.Equal(expectOutbox, Directory.Exists(outbox));
        if (expectOutbox)
        {
            var sync = Mlops.Invoke(TimeSpan.FromMinutes(1), "sync", "--outbox", outbox, "--tracking-uri", server.Uri.AbsoluteUri);
            Assert.True(sync.Exit == 0, sync.All);
            var again = Mlops.Invoke(TimeSpan.FromMinutes(1), "sync", "--outbox", outbox, "--tracking-uri", server.Uri.AbsoluteUri);
            Assert.True(again.Exit == 0, again.All);
            Directory.Delete(outbox, recursive: true);
        }
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "result.json")));
        var verdict = json.RootElement.GetProperty("verdict").GetString()!;
        return new Delivered(result.Exit, verdict, server.State.RunsCreated, server.State.ParamsReceived, server.State.MetricsReceived, server.State.Artifacts.Count);
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public void A_fault_costs_neither_the_verdict_nor_a_single_value(string fault)
    {
        Delivered expected;
        using (var healthy = new FakeMlflowServer())
        {
            expected = RunAgainst(healthy, name: "reference");
        }
        log.WriteLine($"delivered with no fault: {expected}");
        Assert.Equal(1, expected.Runs);
        Assert.True(expected.Params > 0 && expected.Metrics > 0 && expected.Artifacts > 0, expected.ToString());

        using var server = new FakeMlflowServer();
        string? uri = null;
        switch (fault)
        {
            case "refused": uri = TestClients.DeadUri().AbsoluteUri; break;
            case "500s": Enqueue(server, 2, () => Fault.ServerError("runs/log-batch")); break;
            case "429-retry-after": server.Enqueue(Fault.TooManyRequests(1) with { PathContains = "runs/create" }); break;
            case "slow": Enqueue(server, 2, () => Fault.Slow(TimeSpan.FromSeconds(3), "runs/log-batch")); break;
            case "truncated-json": Enqueue(server, 2, () => Fault.Truncated("runs/create")); break;
            case "html-error": Enqueue(server, 2, () => new Fault(502, "<html><body>Bad Gateway</body></html>", PathContains: "runs/log-batch")); break;
            // More failures than the retry budget: the run is created, its values are not; the outbox and sync finish it.
            default: Enqueue(server, 3, () => Fault.ServerError("runs/log-batch")); break;
        }

        var actual = RunAgainst(server, uri, fault, expectOutbox: fault is "refused" or "dies-mid-run");

        Assert.Equal(0, server.PendingFaults);
        Assert.Equal(expected, actual);
    }

    private static void Enqueue(FakeMlflowServer server, int count, Func<Fault> fault)
    {
        for (var i = 0; i < count; i++)
        {
            server.Enqueue(fault());
        }
    }

    [Fact]
    public void A_failing_gate_still_exits_1_when_the_server_is_down_and_the_failed_run_is_synced_later()
    {
        var spec = TinySpec.Write(repo, "failing", extra: "");
        File.WriteAllText(spec, File.ReadAllText(spec).Replace("{ metric: accuracy, min: 0.1 }", "{ metric: log_loss, max: 0.0000001 }", StringComparison.Ordinal));

        var result = Mlops.Run(spec, Path.Combine(repo.Root, "out-failing"), "--tracking-uri", TestClients.DeadUri().AbsoluteUri);

        Assert.True(result.Exit == 1, result.All);
        Assert.Contains("MLOPS702", result.All, StringComparison.Ordinal);
        using var server = new FakeMlflowServer();
        var sync = Mlops.Invoke(TimeSpan.FromMinutes(1), "sync", "--outbox", Path.Combine(repo.Root, ".mlops", "outbox"), "--tracking-uri", server.Uri.AbsoluteUri);
        Assert.True(sync.Exit == 0, sync.All);
        Assert.Equal("failed", Assert.Single(server.State.Runs).Value.Tags["mlops.verdict"]);
    }
}
