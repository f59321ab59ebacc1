using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using MlOps.Mlflow;
using MlOps.Mlflow.FileStore;
using MlOps.Mlflow.Outbox;
using MlOps.Mlflow.Tests.Fakes;
using MlOps.Reliability.Tests.Infrastructure;

namespace MlOps.Reliability.Tests.Tracking;

/// <summary>
/// Issue 16, "nothing lost" (3, 4): a process killed while it tracks leaves its MLflow run RUNNING; the
/// next run of the same spec, or `mlops sync --repair`, finishes it as KILLED because its owner (pid,
/// host, start time, tagged when the run is created) is gone. A full disk ends the run FAILED.
/// </summary>
public sealed class AbandonedRunTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly SampleRepo repo = new();

    public void Dispose() => repo.Dispose();

    /// <summary>kill -9 while the server holds the run's first log-batch: a RUNNING run on the server.</summary>
    private (FakeRun Run, int Pid) KilledWhileTracking(FakeMlflowServer server, string spec)
    {
        server.Enqueue(Fault.Slow(TimeSpan.FromSeconds(60), "runs/log-batch"));
        using var child = new MlopsProcess(repo.Root, "run", spec, "--output", Path.Combine(repo.Root, "out", "killed"), "--tracking-uri", server.Uri.AbsoluteUri);
        Assert.True(child.WaitUntil(() => server.Requests.Any(r => r.Contains("runs/log-batch", StringComparison.Ordinal)), Limit), child.Output);
        child.Signal("KILL");
        Assert.Equal(137, child.WaitForExit(Limit));
        var run = Assert.Single(server.State.Runs).Value;
        Assert.Equal("RUNNING", run.Status);
        return (run, child.Id);
    }

    [Fact]
    public void The_next_run_of_the_spec_finishes_a_run_left_running_by_a_killed_process_as_killed()
    {
        using var server = new FakeMlflowServer();
        var spec = TinySpec.Write(repo);
        var (killed, pid) = KilledWhileTracking(server, spec);
        Assert.Equal(pid.ToString(CultureInfo.InvariantCulture), killed.Tags.GetValueOrDefault("mlops.owner.pid"));

        var next = Mlops.Run(spec, Path.Combine(repo.Root, "out", "next"), "--tracking-uri", server.Uri.AbsoluteUri);

        Assert.True(next.Exit == 0, next.All);
        Assert.Equal("KILLED", killed.Status);
        Assert.Contains($"PID {pid}", killed.Tags["mlops.repaired"], StringComparison.Ordinal);
        Assert.Equal(1, server.State.Runs.Values.Count(r => r.Status == "FINISHED"));
    }

    [Fact]
    public void A_run_cut_short_by_a_server_outage_waits_for_sync_and_is_not_taken_for_abandoned()
    {
        using var server = new FakeMlflowServer();
        var spec = TinySpec.Write(repo);
        var budget = new Dictionary<string, string> { ["MLOPS_TRACKING_MAX_RETRIES"] = "1", ["MLOPS_TRACKING_RETRY_DELAY_MS"] = "10", ["MLOPS_TRACKING_TOTAL_TIMEOUT_SECONDS"] = "10" };
        FakeRun cut;
        try
        {
            foreach (var (name, value) in budget)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
            // The server creates the run, then fails past the retry budget: the whole run goes to the outbox; the child exits.
            server.Enqueue(Fault.ServerError("runs/log-batch"));
            server.Enqueue(Fault.ServerError("runs/log-batch"));
            var first = MlopsProcess.RunToEnd(repo.Root, Limit, "run", spec, "--output", Path.Combine(repo.Root, "out", "first"), "--tracking-uri", server.Uri.AbsoluteUri);
            Assert.True(first.Exit == 0 && first.Output.Contains("MLOPS702", StringComparison.Ordinal), first.Output);
            cut = Assert.Single(server.State.Runs).Value;
            Assert.Equal("RUNNING", cut.Status);

            var second = Mlops.Run(spec, Path.Combine(repo.Root, "out", "second"), "--tracking-uri", server.Uri.AbsoluteUri);
            Assert.True(second.Exit == 0, second.All);
            Assert.Equal("RUNNING", cut.Status);

            var sync = MlopsProcess.RunToEnd(repo.Root, Limit, "sync", "--repair");
            Assert.True(sync.Exit == 0, sync.Output);
        }
        finally
        {
            foreach (var name in budget.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
        Assert.Equal("FINISHED", cut.Status);
        Assert.False(cut.Tags.ContainsKey("mlops.repaired"));
    }

    [Fact]
    public void Sync_repair_finishes_a_servers_runs_left_running_by_a_killed_process()
    {
        using var server = new FakeMlflowServer();
        var (killed, _) = KilledWhileTracking(server, TinySpec.Write(repo));

        var repair = MlopsProcess.RunToEnd(repo.Root, Limit, "sync", "--repair", "--to", server.Uri.AbsoluteUri);

        Assert.True(repair.Exit == 0, repair.Output);
        Assert.Contains("1 run(s) left RUNNING", repair.Output.ReplaceLineEndings(" "), StringComparison.Ordinal);
        Assert.Equal("KILLED", killed.Status);
    }

    [Fact]
    public async Task Sync_repair_of_a_file_store_kills_runs_of_dead_owners_and_leaves_live_ones_running()
    {
        var store = new MlflowFileStore(Path.Combine(repo.Root, "mlruns"));
        using var gone = Process.Start("true")!;
        gone.WaitForExit();
        using var self = Process.GetCurrentProcess();
        var dead = await Running(store, gone.Id, DateTimeOffset.UtcNow.AddMinutes(-1));
        var alive = await Running(store, Environment.ProcessId, new DateTimeOffset(self.StartTime.ToUniversalTime(), TimeSpan.Zero));

        var repair = MlopsProcess.RunToEnd(repo.Root, Limit, "sync", "--repair");

        Assert.True(repair.Exit == 0, repair.Output);
        Assert.Equal(MlflowRunStatus.Killed, (await store.GetRunAsync(dead)).Info.Status);
        Assert.Equal(MlflowRunStatus.Running, (await store.GetRunAsync(alive)).Info.Status);
    }

    private static async Task<string> Running(MlflowFileStore store, int pid, DateTimeOffset started)
    {
        var experiment = await store.GetOrCreateExperimentAsync("reliability");
        var tags = new List<MlflowTag>
        {
            new("mlops.owner.pid", pid.ToString(CultureInfo.InvariantCulture)),
            new("mlops.owner.host", Environment.MachineName),
            new("mlops.owner.started_ms", started.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
        };
        return (await store.CreateRunAsync(experiment.ExperimentId, "tiny", started.ToUnixTimeMilliseconds(), tags)).RunId;
    }

    [Fact]
    public async Task Tracking_to_a_full_disk_ends_the_run_failed_not_running()
    {
        var folder = Path.Combine(repo.Root, "mlruns");
        var store = new MlflowFileStore(folder);
        var full = FullDisk.Over(store);
        var artifact = repo.Write("out/result.json", "{}");
        var record = new RunRecord { ExperimentName = "reliability", RunName = "tiny", StartTime = 1, EndTime = 2, Artifacts = [new ArtifactFile(artifact, "result.json")] };

        var error = await Assert.ThrowsAnyAsync<IOException>(() => RunRecorder.RecordAsync(full, record, OutboxTags.WithPrefix("mlops")));

        Assert.Contains("No space left", error.Message, StringComparison.Ordinal);
        var experiment = (await store.GetExperimentByNameAsync("reliability"))!;
        var run = Assert.Single(await store.SearchRunsAsync([experiment.ExperimentId], null, 10));
        Assert.Equal(MlflowRunStatus.Failed, run.Info.Status);
    }

    /// <summary>A store whose disk fills up when the artifacts come: every upload fails with ENOSPC's message.</summary>
    public class FullDisk : DispatchProxy
    {
        private IMlflowStore inner = null!;

        public static IMlflowStore Over(IMlflowStore inner)
        {
            var proxy = Create<IMlflowStore, FullDisk>();
            ((FullDisk)(object)proxy).inner = inner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (targetMethod.Name == nameof(IMlflowArtifacts.UploadArtifactAsync))
            {
                return Task.FromException(new IOException("No space left on device"));
            }
            try
            {
                return targetMethod.Invoke(inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }
    }
}
