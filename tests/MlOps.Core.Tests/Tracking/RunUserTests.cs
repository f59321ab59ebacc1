using MlOps.Core.Tracking;

namespace MlOps.Core.Tests.Tracking;

public sealed class RunUserTests
{
    private static readonly CiContext Actions = new(null, "gate", null, "ci-actor", "main", "main");
    private static readonly CiContext Local = new(null, null, null, null, null, null);

    [Fact]
    public void The_mlflow_login_wins_over_the_ci_actor_and_the_os_user() =>
        Assert.Equal("ada", RunUser.Of(n => n == "MLFLOW_TRACKING_USERNAME" ? "ada" : null, Actions, "runner"));

    [Fact]
    public void Without_a_login_the_ci_actor_owns_the_run() =>
        Assert.Equal("ci-actor", RunUser.Of(_ => null, Actions, "runner"));

    [Fact]
    public void Outside_ci_the_os_user_owns_the_run() =>
        Assert.Equal("grace", RunUser.Of(n => n == "MLFLOW_TRACKING_USERNAME" ? " " : null, Local, "grace"));

    [Fact]
    public async Task A_logged_run_is_owned_by_the_mlflow_login()
    {
        var f = new TrackingFixtures();
        var github = f.GitHubEnvironment();
        var target = TrackingTarget.Select(null, null, f.Root);
        using var tracker = new RunTracker(target, f.Root, n => n == "MLFLOW_TRACKING_USERNAME" ? "mlflow-ada" : github(n));

        var info = await tracker.LogAsync(f.Result, f.Spec, f.OutputDir);

        var run = await new MlOps.Mlflow.FileStore.MlflowFileStore(target.StorePath!).GetRunAsync(info.RunId);
        Assert.Equal("mlflow-ada", run.Tags["mlflow.user"]);
    }
}
