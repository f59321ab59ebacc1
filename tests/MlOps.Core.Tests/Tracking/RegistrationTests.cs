using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Tracking;
using MlOps.Mlflow.FileStore;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Tracking;

/// <summary>Issue 15, items 8, 12 and 13: what a run registers, where the version points, and when MLOPS705 speaks.</summary>
public sealed class RegistrationTests
{
    private static (RunTracker Tracker, MlflowFileStore Store, List<string> Warnings) FileTracker(TrackingFixtures f, Func<string, string?> env)
    {
        var target = TrackingTarget.Select(null, null, f.Root);
        var warnings = new List<string>();
        return (new RunTracker(target, f.Root, env, warnings.Add), new MlflowFileStore(target.StorePath!), warnings);
    }

    [Fact]
    public async Task A_version_comes_from_the_logged_model_holding_the_model_folder_not_one_file()
    {
        var f = new TrackingFixtures();
        var layout = new OutputLayout(f.OutputDir);
        Directory.CreateDirectory(layout.ModelFolder);
        File.WriteAllText(layout.Model, "weights");
        File.WriteAllText(Path.Combine(layout.ModelFolder, "config.json"), "{}");
        var result = f.Result with { Outputs = f.Result.Outputs with { Model = layout.Model } };
        var (tracker, store, _) = FileTracker(f, f.GitHubEnvironment("main"));

        var info = await tracker.LogAsync(result, f.Spec, f.OutputDir);

        var version = await store.GetVersionByAliasAsync("digits-classifier", "champion");
        // MLflow 3: the version's source is the logged model (models:/m-…), whose artifacts are the model folder.
        var model = (await store.SearchLoggedModelsAsync([info.ExperimentId], $"source_run_id = '{info.RunId}'")).Items.Single();
        Assert.Equal(model.ModelUri, version!.Source);
        Assert.Equal(["config.json", "model.safetensors"], Directory.EnumerateFiles(new Uri(model.ArtifactUri).LocalPath).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Weights_at_the_output_root_make_a_logged_model_of_the_whole_output_folder()
    {
        var f = new TrackingFixtures();
        var (tracker, store, _) = FileTracker(f, f.GitHubEnvironment("main"));

        var info = await tracker.LogAsync(f.Result, f.Spec, f.OutputDir);

        var version = await store.GetVersionByAliasAsync("digits-classifier", "champion");
        var model = (await store.SearchLoggedModelsAsync([info.ExperimentId])).Items.Single();
        Assert.Equal(model.ModelUri, version!.Source);
        var runArtifacts = Directory.EnumerateFiles(new Uri((await store.GetRunAsync(info.RunId)).Info.ArtifactUri).LocalPath, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal);
        Assert.Equal(runArtifacts, Directory.EnumerateFiles(new Uri(model.ArtifactUri).LocalPath, "*", SearchOption.AllDirectories).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_pull_request_registers_only_when_the_spec_opts_in()
    {
        var f = new TrackingFixtures();
        var spec = f.Spec with { Tracking = f.Spec.Tracking with { RegisterOn = [RegisterContext.DefaultBranch, RegisterContext.PullRequest] } };
        var (tracker, _, warnings) = FileTracker(f, f.GitHubEnvironment("main", "17"));

        var info = await tracker.LogAsync(f.Result, spec, f.OutputDir);

        Assert.Equal("1", info.RegisteredVersion);
        Assert.Null(await tracker.FindChampionAsync(spec));
        Assert.Contains(warnings, w => w.Contains(TrackingErrorCodes.PromotionSkipped, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_run_registers_nothing_even_where_pull_requests_may()
    {
        var f = new TrackingFixtures("failed");
        var spec = f.Spec with { Tracking = f.Spec.Tracking with { RegisterOn = [RegisterContext.DefaultBranch, RegisterContext.PullRequest] } };
        var (tracker, _, _) = FileTracker(f, f.GitHubEnvironment("main"));

        var info = await tracker.LogAsync(f.Result, spec, f.OutputDir);

        Assert.Null(info.RegisteredVersion);
    }

    [Fact]
    public async Task A_warning_gate_that_failed_does_not_stop_registration()
    {
        var f = new TrackingFixtures();
        var warningGate = f.Result.Gates[0] with { Passed = false, Severity = Severity.Warning };
        var result = f.Result with { Gates = [warningGate] };
        var (tracker, _, _) = FileTracker(f, f.GitHubEnvironment("main"));

        var info = await tracker.LogAsync(result, f.Spec, f.OutputDir);

        Assert.Equal("1", info.RegisteredVersion);
    }

    [Fact]
    public async Task A_stopped_run_prints_no_mlops705()
    {
        var f = new TrackingFixtures("stopped");
        var (tracker, _, warnings) = FileTracker(f, f.GitHubEnvironment("main"));

        await tracker.LogAsync(f.Result, f.Spec, f.OutputDir);

        Assert.DoesNotContain(warnings, w => w.Contains(TrackingErrorCodes.PromotionSkipped, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mlops705_names_the_spec_relative_to_the_repository()
    {
        var f = new TrackingFixtures("failed");
        var (tracker, _, warnings) = FileTracker(f, f.GitHubEnvironment("main"));

        await tracker.LogAsync(f.Result, f.Spec, f.OutputDir);

        var warning = Assert.Single(warnings, w => w.Contains(TrackingErrorCodes.PromotionSkipped, StringComparison.Ordinal));
        Assert.StartsWith("specs/digits.yaml: warning MLOPS705", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mlops705_points_at_the_promote_alias_line_when_the_spec_was_loaded()
    {
        var f = new TrackingFixtures("failed");
        var spec = f.Spec with { Tracking = f.Spec.Tracking with { PromoteAliasLocation = new SourceLocation("specs/digits.yaml", 40, 18) } };
        var (tracker, _, warnings) = FileTracker(f, f.GitHubEnvironment("main"));

        await tracker.LogAsync(f.Result, spec, f.OutputDir);

        Assert.Contains(warnings, w => w.StartsWith("specs/digits.yaml(40,18): warning MLOPS705", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_champions_weights_download_from_its_run_for_a_paired_test()
    {
        var f = new TrackingFixtures();
        var layout = new OutputLayout(f.OutputDir);
        Directory.CreateDirectory(layout.ModelFolder);
        File.WriteAllText(layout.Model, "champion weights");
        var result = f.Result with { Outputs = f.Result.Outputs with { Model = layout.Model } };
        var (tracker, _, _) = FileTracker(f, f.GitHubEnvironment("main"));
        await tracker.LogAsync(result, f.Spec, f.OutputDir);
        var champion = await tracker.FindChampionAsync(f.Spec);
        var scratch = Path.Combine(f.Root, "scratch");

        var path = await tracker.DownloadModelAsync(champion!.RunId, scratch);

        Assert.Equal("champion weights", File.ReadAllText(path!));
        Assert.StartsWith(scratch, path, StringComparison.Ordinal);
    }
}
