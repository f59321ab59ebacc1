using MlOps.Cli;

namespace MlOps.Cli.Tests.Commands;

public sealed class SyncCommandTests
{
    private static string Temp()
    {
        var path = Path.Combine(Path.GetTempPath(), "mlops-sync-cli", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    [Fact]
    public void Sync_with_nothing_in_the_outbox_succeeds_and_writes_nothing()
    {
        var folder = Temp();

        var exit = Program.BuildRoot().Parse(["sync", "--outbox", Path.Combine(folder, "outbox"), "--tracking-uri", Path.Combine(folder, "mlruns")]).Invoke();

        Assert.Equal(0, exit);
        Assert.False(Directory.Exists(Path.Combine(folder, "mlruns")));
    }

    [Fact]
    public void Sync_to_an_unsupported_tracking_uri_is_bad_input()
    {
        var exit = Program.BuildRoot().Parse(["sync", "--outbox", Temp(), "--tracking-uri", "sqlite:///mlflow.db"]).Invoke();

        Assert.Equal(2, exit);
    }
}
