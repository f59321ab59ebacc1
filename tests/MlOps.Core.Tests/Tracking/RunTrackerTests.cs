using MlOps.Contracts.Results;
using MlOps.Core.Tracking;
using MlOps.Mlflow;
using MlOps.Mlflow.FileStore;
using MlOps.Mlflow.Rest;

namespace MlOps.Core.Tests.Tracking;

public sealed class RunTrackerTests
{
    private static (RunTracker Tracker, MlflowFileStore Store, List<string> Warnings) FileTracker(TrackingFixtures f, Func<string, string?> env)
    {
        var target = TrackingTarget.Select(null, null, f.Root);
        var warnings = new List<string>();
        return (new RunTracker(target, f.Root, env, warnings.Add), new MlflowFileStore(target.StorePath!), warnings);
    }

    [Fact]
    public async Task A_run_is_logged_with_tags_params_metrics_datasets_and_artifacts()
    {
        var f = new TrackingFixtures();
        var (tracker, store, _) = FileTracker(f, f.GitHubEnvironment());

        var info = await tracker.LogAsync(f.Result, f.Spec, f.OutputDir);

        var run = await store.GetRunAsync(info.RunId);
        Assert.False(info.Outboxed);
        Assert.Equal("digits-exp", (await store.GetExperimentByNameAsync("digits-exp"))!.Name);
        Assert.Equal("digits", run.Tags["mlflow.runName"]);
        Assert.Equal("LOCAL", run.Tags["mlflow.source.type"]);
        Assert.Equal("specs/digits.yaml", run.Tags["mlflow.source.name"]);
        Assert.Equal("# digits\nall gates passed\n", run.Tags["mlflow.note.content"]);
        Assert.Equal(f.Result.Spec.Fingerprint, run.Tags[RunTags.Fingerprint]);
        Assert.Equal("passed", run.Tags[RunTags.Verdict]);
        Assert.Equal("https://github.com/octo/digits/actions/runs/42", run.Tags["mlops.ci.run_url"]);
        Assert.Equal("ada", run.Tags["mlflow.user"]);
        Assert.Equal("0.0001", run.Params["training.optimizer.lr"]);
        Assert.Equal("adam_w", run.Params["training.optimizer.type"]);
        Assert.Equal("fp32", run.Params["training.precision"]);
        Assert.Equal(f.Result.Model.TrainableParameters.ToString(System.Globalization.CultureInfo.InvariantCulture), run.Params["model.trainable_parameters"]);
        Assert.Equal(f.Result.Model.TrainableShare, double.Parse(run.Params["model.trainable_share"], System.Globalization.CultureInfo.InvariantCulture), 6);
        Assert.DoesNotContain(run.Params.Keys, k => k.Contains("location", StringComparison.Ordinal));
        Assert.Equal([(0.9, 1L), (0.5, 2L)], (await store.GetMetricHistoryAsync(info.RunId, "train_loss")).Select(m => (m.Value, m.Step)));
        Assert.Equal([0.7, 0.9], (await store.GetMetricHistoryAsync(info.RunId, "val_accuracy")).Select(m => m.Value));
        var latest = run.Metrics.ToDictionary(m => m.Key, m => m.Value);
        Assert.Equal(0.93, latest["validation_accuracy"]);
        Assert.Equal(0.97, latest["training_accuracy"]);
        Assert.Equal(0.93 - 0.80, latest["delta_baseline_validation_accuracy"], 10);
        Assert.Equal(0.04, latest["fairness_sex_demographic_parity_difference"]);
        Assert.Equal(1, latest["gate_accuracy_min_0.90"]);
        var artifacts = store.ArtifactDirectory(info.RunId);
        foreach (var file in new[] { "result.json", "report.md", "model.dat", "plots/loss.png" })
        {
            Assert.True(File.Exists(Path.Combine(artifacts, file)), file);
        }
        Assert.Equal("training", Assert.Single(store.ReadInputs(info.RunId)).Context);
        Assert.Equal(MlflowRunStatus.Finished, run.Info.Status);
    }

    [Fact]
    public async Task A_counterfactual_bias_entry_logs_its_group_scores_and_the_base_models_gap_and_scores()
    {
        var f = new TrackingFixtures();
        var (tracker, store, _) = FileTracker(f, f.GitHubEnvironment());
        var counterfactual = new FairnessResult
        {
            Attribute = "gender", Metric = "log_probability_gap", Value = 0.044, BaseValue = 0.125,
            Groups =
            [
                new GroupStatistics("female", 8, false, 0, null, null, 0) { Score = -9.166, BaseScore = -9.5 },
                new GroupStatistics("male", 8, false, 0, null, null, 0) { Score = -9.210, BaseScore = -9.625 },
            ],
        };
        var result = f.Result with { Fairness = [.. f.Result.Fairness, counterfactual] };

        var info = await tracker.LogAsync(result, f.Spec, f.OutputDir);

        var latest = (await store.GetRunAsync(info.RunId)).Metrics.ToDictionary(m => m.Key, m => m.Value);
        Assert.Equal(0.044, latest["fairness_gender_log_probability_gap"]);
        Assert.Equal(0.125, latest["baseline_fairness_gender_log_probability_gap"]);
        Assert.Equal(0.044 - 0.125, latest["delta_baseline_fairness_gender_log_probability_gap"], 12);
        Assert.Equal(-9.166, latest["fairness_gender_log_probability_gap_score_female"]);
        Assert.Equal(-9.210, latest["fairness_gender_log_probability_gap_score_male"]);
        Assert.Equal(-9.5, latest["baseline_fairness_gender_log_probability_gap_score_female"]);
        Assert.Equal(-9.625, latest["baseline_fairness_gender_log_probability_gap_score_male"]);
        // A classifier's entry has neither group scores nor a base model's figures.
        Assert.Equal(["fairness_sex_demographic_parity_difference"], latest.Keys.Where(k => k.Contains("_sex_", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_passed_run_on_the_default_branch_becomes_the_champion()
    {
        var f = new TrackingFixtures();
        var (tracker, _, warnings) = FileTracker(f, f.GitHubEnvironment("main"));

        var info = await tracker.LogAsync(f.Result, f.Spec, f.OutputDir);
        var champion = await tracker.FindChampionAsync(f.Spec);

        Assert.Equal("1", info.RegisteredVersion);
        Assert.Equal(("1", info.RunId, "digits-classifier"), (champion!.Version, champion.RunId, champion.ModelName));
        Assert.Equal(0.93, champion.Metrics["accuracy"]);
        Assert.Empty(warnings);
    }

    [Theory]
    [InlineData("failed", null)]
    [InlineData("passed", "17")]
    public async Task The_alias_does_not_move_for_a_failed_run_or_a_pull_request(string verdict, string? pr)
    {
        var f = new TrackingFixtures(verdict);
        var (tracker, _, warnings) = FileTracker(f, f.GitHubEnvironment("main", pr));

        var info = await tracker.LogAsync(f.Result, f.Spec, f.OutputDir);

        // Issue 15, item 12: neither a failed run nor (by default) a pull request registers a version.
        Assert.Null(info.RegisteredVersion);
        Assert.Null(await tracker.FindChampionAsync(f.Spec));
        Assert.Contains(warnings, w => w.Contains(TrackingErrorCodes.PromotionSkipped, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_finished_run_with_the_same_fingerprint_is_found_for_reuse()
    {
        var f = new TrackingFixtures();
        var (tracker, _, _) = FileTracker(f, _ => null);
        var info = await tracker.LogAsync(f.Result, f.Spec, f.OutputDir);

        var reuse = await tracker.FindReusableAsync(f.Spec, f.Result.Spec.Fingerprint);
        var none = await tracker.FindReusableAsync(f.Spec, "another-fingerprint");

        Assert.Equal(info.RunId, reuse!.RunId);
        Assert.True(File.Exists(new Uri(reuse.ResultJsonUri).LocalPath)); // a file store's artifact URI is file:
        Assert.Null(none);
    }

    [Fact]
    public async Task An_unreachable_server_leaves_the_run_in_the_outbox_with_a_warning()
    {
        var f = new TrackingFixtures();
        var dead = new Uri($"http://127.0.0.1:{FreePort()}/");
        using var client = new MlflowRestClient(new MlflowRestOptions { TrackingUri = dead, MaxRetries = 2, BackoffFactor = TimeSpan.FromMilliseconds(1), BackoffJitter = TimeSpan.Zero, TotalTimeout = TimeSpan.FromSeconds(5) });
        var warnings = new List<string>();
        var tracker = new RunTracker(TrackingTarget.Select(dead.AbsoluteUri, null, f.Root), f.Root, _ => null, warnings.Add, client);

        var info = await tracker.LogAsync(f.Result, f.Spec, f.OutputDir);

        Assert.True(info.Outboxed);
        Assert.Null(info.RunUrl);
        Assert.Contains(warnings, w => w.Contains(TrackingErrorCodes.ServerUnavailableOutboxed, StringComparison.Ordinal));
        var outbox = new MlflowFileStore(tracker.OutboxDirectory);
        Assert.Equal("passed", (await outbox.GetRunAsync(info.RunId)).Tags[RunTags.Verdict]);
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        return ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
    }
}
