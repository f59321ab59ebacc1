namespace MlOps.Reliability.Tests.Interrupts;

/// <summary>
/// Issue 16, "nothing lost": one run at a time per output folder (a second gets "in use by PID n",
/// exit 3; a killed holder's lock never blocks), and a run that fails, stops or has nothing to resume
/// leaves the previous complete result and the user's own files as they were.
/// </summary>
public sealed class OutputFolderTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly SampleRepo repo = new();
    private readonly string slow;
    private readonly string tiny;
    private readonly string output;

    public OutputFolderTests()
    {
        slow = TinySpec.Killable(repo, "slow", rows: 6000);
        tiny = TinySpec.Write(repo, "tiny");
        output = Path.Combine(repo.Root, "out", "shared");
    }

    public void Dispose() => repo.Dispose();

    private string Result => Path.Combine(output, "result.json");

    /// <summary>Every file under the output folder with its bytes, to show nothing changed.</summary>
    private Dictionary<string, string> Snapshot() =>
        Directory.GetFiles(output, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(output, f), f => Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));

    private void CompleteRunWithUserFiles()
    {
        var first = Mlops.Run(tiny, output);
        Assert.True(first.Exit == 0, first.All);
        File.WriteAllText(Path.Combine(output, "notes.txt"), "my notes");
        Directory.CreateDirectory(Path.Combine(output, "mine"));
        File.WriteAllText(Path.Combine(output, "mine", "eval.csv"), "x,y\n");
    }

    [Fact]
    public void A_second_run_into_a_busy_folder_is_refused_with_the_holders_pid_and_a_killed_holder_never_blocks()
    {
        using (var holder = new MlopsProcess(repo.Root, "run", slow, "--output", output))
        {
            Assert.True(holder.WaitUntil(() => holder.Output.Contains("training", StringComparison.Ordinal), Limit), holder.Output);

            var second = MlopsProcess.RunToEnd(repo.Root, Limit, "run", tiny, "--output", output);

            Assert.True(second.Exit == 3, second.Output);
            Assert.Contains($"MLOPS950", second.Output, StringComparison.Ordinal);
            Assert.Contains($"is in use by PID {holder.Id}", second.Output, StringComparison.Ordinal);
            holder.Signal("KILL");
            Assert.Equal(137, holder.WaitForExit(Limit));
        }

        var after = MlopsProcess.RunToEnd(repo.Root, Limit, "run", tiny, "--output", output);

        Assert.True(after.Exit == 0, after.Output);
        Assert.True(File.Exists(Result));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(output)!, ".shared.mlops-*"));
    }

    [Fact]
    public void Four_runs_started_together_into_one_folder_give_one_result_and_clear_refusals_never_a_crash()
    {
        var children = Enumerable.Range(0, 4).Select(_ => new MlopsProcess(repo.Root, "run", tiny, "--output", output)).ToList();
        try
        {
            var exits = children.Select(c => c.WaitForExit(Limit)).ToList();
            var log = string.Join("\n----\n", children.Select(c => c.Output));
            Assert.All(exits, e => Assert.True(e is 0 or 3, log));
            Assert.Contains(0, exits);
            Assert.DoesNotContain("Exception", log, StringComparison.Ordinal);
            Assert.Equal(exits.Count(e => e == 3), children.Count(c => c.Output.Contains("MLOPS950", StringComparison.Ordinal)));
        }
        finally
        {
            children.ForEach(c => c.Dispose());
        }
        Assert.True(File.Exists(Result));
    }

    [Fact]
    public void A_failing_rerun_leaves_the_previous_result_report_model_plots_and_the_users_files_untouched()
    {
        CompleteRunWithUserFiles();
        var before = Snapshot();
        Assert.Contains("report.md", before.Keys);
        Assert.Contains(Path.Combine("model", "model.safetensors"), before.Keys);
        File.AppendAllText(Path.Combine(repo.Root, "data", "tiny.csv"), "1,\"never closed\n");

        var failed = Mlops.Run(tiny, output);

        Assert.True(failed.Exit == 2, failed.All);
        Assert.Equal(before, Snapshot());
        Assert.Empty(Directory.GetFileSystemEntries(Path.GetDirectoryName(output)!, ".shared.mlops-*"));
    }

    [Fact]
    public void A_users_own_result_json_survives_a_failing_run()
    {
        Directory.CreateDirectory(output);
        File.WriteAllText(Result, "{\"mine\": true}");
        File.AppendAllText(Path.Combine(repo.Root, "data", "tiny.csv"), "1,\"never closed\n");

        var failed = Mlops.Run(tiny, output);

        Assert.True(failed.Exit == 2, failed.All);
        Assert.Equal("{\"mine\": true}", File.ReadAllText(Result));
    }

    [Fact]
    public void Resume_with_nothing_to_resume_deletes_nothing()
    {
        CompleteRunWithUserFiles();
        var before = Snapshot();

        var resumed = Mlops.Run(tiny, output, "--resume");

        Assert.True(resumed.Exit == 2, resumed.All);
        Assert.Contains("MLOPS403", resumed.All, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void A_stopped_run_keeps_the_previous_result_and_its_resume_swaps_in_a_complete_one_keeping_the_users_files()
    {
        CompleteRunWithUserFiles();
        var before = Snapshot();

        var runs = new KillableRun(repo, slow, Limit);
        runs.SigkillPastFirstCheckpoint(output);
        Assert.Equal(before, Snapshot());

        var resumed = runs.Resume(output);

        Assert.True(resumed.Exit == 0, resumed.Output);
        Assert.Contains("\"name\": \"slow\"", File.ReadAllText(Result), StringComparison.Ordinal);
        Assert.Equal("my notes", File.ReadAllText(Path.Combine(output, "notes.txt")));
        Assert.True(File.Exists(Path.Combine(output, "mine", "eval.csv")));
        Assert.False(Directory.Exists(KillableRun.Staging(output)));
    }

    [Fact]
    public void A_swap_cut_short_by_a_kill_is_undone_by_the_next_run_even_one_that_fails()
    {
        CompleteRunWithUserFiles();
        var before = Snapshot();
        // A kill between the swap's two renames: the old folder is set aside, the new one not yet in place.
        var previous = Path.Combine(Path.GetDirectoryName(output)!, ".shared.mlops-previous");
        Directory.Move(output, previous);
        File.AppendAllText(Path.Combine(repo.Root, "data", "tiny.csv"), "1,\"never closed\n");

        var next = Mlops.Run(tiny, output);

        Assert.True(next.Exit == 2, next.All);
        Assert.Equal(before, Snapshot());
        Assert.False(Directory.Exists(previous));
    }

    [Fact]
    public void An_output_folder_that_holds_the_repository_is_refused_before_anything_is_moved()
    {
        var before = Directory.GetFileSystemEntries(repo.Root).Order(StringComparer.Ordinal).ToList();

        var refused = Mlops.Run(tiny, repo.Root);

        Assert.True(refused.Exit == 2, refused.All);
        Assert.Contains("MLOPS951", refused.All, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFileSystemEntries(repo.Root).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void A_file_where_the_output_folder_should_be_is_an_io_fault_before_training_and_stays()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        File.WriteAllText(output, "not a folder");

        var refused = Mlops.Run(tiny, output);

        Assert.True(refused.Exit == 3, refused.All);
        Assert.Contains("MLOPS910", refused.All, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch 1/", refused.All, StringComparison.Ordinal);
        Assert.Equal("not a folder", File.ReadAllText(output));
    }
}
