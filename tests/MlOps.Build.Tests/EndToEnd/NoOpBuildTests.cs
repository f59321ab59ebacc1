using MlOps.Build.Tests.Infrastructure;

namespace MlOps.Build.Tests.EndToEnd;

/// <summary>
/// The cheap up-to-date check of a packed-package consumer: a build with no spec input changed uses
/// no MlOps task at all, and a moved timestamp costs a content check, never a retrain.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed class NoOpBuildTests(PackedFeed feed)
{
    private static bool UsesMlOpsTasks(string diagnosticOutput) =>
        diagnosticOutput.Split('\n').Any(line => line.Contains("task from assembly", StringComparison.Ordinal) && line.Contains("MlOps.Build.dll", StringComparison.Ordinal));

    /// <summary>The consumer's spec with enough epochs for no TooFewSamplePasses warning (a spec with warnings gets no cache).</summary>
    private static readonly string QuietSpec = ConsumerProject.Spec.Replace("epochs: 2", "epochs: 250", StringComparison.Ordinal);

    private static string CacheFile(ConsumerProject consumer) => Path.Combine(consumer.Folder, "bin", "mlops", "consumer.uptodate.proj");

    /// <summary>Trains once, then builds until the up-to-date cache exists (the build after a training writes it).</summary>
    private static void TrainAndSettle(ConsumerProject consumer)
    {
        var (trained, trainOutput) = consumer.Dotnet("build");
        Assert.True(trained == 0, trainOutput);
        var (settled, settleOutput) = consumer.Dotnet("build", "--no-restore");
        Assert.True(settled == 0, settleOutput);
        Assert.Equal(1, consumer.RunnerInvocations);
        Assert.True(File.Exists(CacheFile(consumer)), settleOutput);
    }

    [SpecLoaderFact]
    public void An_unchanged_build_loads_no_MlOps_task_yet_reports_up_to_date_and_results()
    {
        using var consumer = new ConsumerProject(feed, QuietSpec);
        var (trained, trainOutput) = consumer.Dotnet("build", "-v:diag");
        Assert.True(trained == 0, trainOutput);
        Assert.True(UsesMlOpsTasks(trainOutput), "the probe must see the tasks when they do run");
        var (settled, settleOutput) = consumer.Dotnet("build", "--no-restore");
        Assert.True(settled == 0, settleOutput);

        var (exit, output) = consumer.Dotnet("build", "--no-restore", "-v:diag");

        Assert.True(exit == 0, output);
        Assert.False(UsesMlOpsTasks(output), "a no-op build must not load MlOps.Build.dll");
        Assert.Contains("Skipping target \"CoreCompile\"", output, StringComparison.Ordinal); // the cache written last build is no input of the consumer's compile
        Assert.Contains("MlOps: tiny is up to date", output, StringComparison.Ordinal);
        Assert.Contains("RESULT tiny passed true 0.874 run123", output, StringComparison.Ordinal);
        Assert.Equal(1, consumer.RunnerInvocations);
    }

    [SpecLoaderFact]
    public void Touching_the_spec_or_changing_only_a_comment_checks_content_but_does_not_retrain()
    {
        using var consumer = new ConsumerProject(feed, QuietSpec);
        TrainAndSettle(consumer);

        File.SetLastWriteTimeUtc(consumer.SpecPath, DateTime.UtcNow);
        var (touched, touchedOutput) = consumer.Dotnet("build", "--no-restore", "-v:diag");
        Assert.True(touched == 0, touchedOutput);
        Assert.True(UsesMlOpsTasks(touchedOutput), "a moved timestamp falls through to the content check");
        Assert.Contains("MlOps: tiny is up to date", touchedOutput, StringComparison.Ordinal);

        File.AppendAllText(consumer.SpecPath, "# only a comment\n");
        var (commented, commentedOutput) = consumer.Dotnet("build", "--no-restore");
        Assert.True(commented == 0, commentedOutput);
        Assert.Contains("MlOps: tiny is up to date", commentedOutput, StringComparison.Ordinal);

        var (again, againOutput) = consumer.Dotnet("build", "--no-restore", "-v:diag");
        Assert.True(again == 0, againOutput);
        Assert.False(UsesMlOpsTasks(againOutput), "the content check renewed the cache");
        Assert.Equal(1, consumer.RunnerInvocations);
    }

    [SpecLoaderFact]
    public void A_deleted_result_an_edited_data_file_or_another_device_still_retrains()
    {
        using var consumer = new ConsumerProject(feed, QuietSpec);
        TrainAndSettle(consumer);

        File.Delete(Path.Combine(consumer.Folder, "bin", "mlops", "tiny", "result.json"));
        var (deleted, deletedOutput) = consumer.Dotnet("build", "--no-restore");
        Assert.True(deleted == 0, deletedOutput);
        Assert.Equal(2, consumer.RunnerInvocations);

        var (settled, settleOutput) = consumer.Dotnet("build", "--no-restore");
        Assert.True(settled == 0, settleOutput);
        File.AppendAllText(Path.Combine(consumer.Folder, "specs", "data", "val.csv"), "7,a\n");
        var (edited, editedOutput) = consumer.Dotnet("build", "--no-restore");
        Assert.True(edited == 0, editedOutput);
        Assert.Equal(3, consumer.RunnerInvocations);

        var (settledAgain, settledAgainOutput) = consumer.Dotnet("build", "--no-restore");
        Assert.True(settledAgain == 0, settledAgainOutput);
        var (otherDevice, otherDeviceOutput) = consumer.Dotnet("build", "--no-restore", "-p:MlOpsDevice=cuda");
        Assert.True(otherDevice == 0, otherDeviceOutput);
        Assert.Equal(4, consumer.RunnerInvocations);
    }

    [SpecLoaderFact]
    public void A_spec_with_warnings_shows_them_on_every_build()
    {
        using var consumer = new ConsumerProject(feed);
        var (trained, trainOutput) = consumer.Dotnet("build");
        Assert.True(trained == 0, trainOutput);
        Assert.Contains("warning MLOPS", trainOutput, StringComparison.Ordinal);

        for (var build = 0; build < 2; build++)
        {
            var (exit, output) = consumer.Dotnet("build", "--no-restore");
            Assert.True(exit == 0, output);
            Assert.Contains("warning MLOPS", output, StringComparison.Ordinal);
        }
        Assert.False(File.Exists(CacheFile(consumer)));
        Assert.Equal(1, consumer.RunnerInvocations);
    }
}
