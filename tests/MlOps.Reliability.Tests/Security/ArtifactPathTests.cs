using MlOps.Mlflow;
using MlOps.Mlflow.FileStore;
using MlOps.Mlflow.Rest;
using MlOps.Mlflow.Tests.Fakes;

namespace MlOps.Reliability.Tests.Security;

/// <summary>An artifact path cannot reach another run: both clients refuse it before anything is written or sent.</summary>
public sealed class ArtifactPathTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlops-artifacts-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    public static TheoryData<string> Escaping() => new()
    {
        "../other/artifacts/model.safetensors", "model/../../../x", "..", "/etc/passwd", "a//b", "./model", "a\\..\\..\\b", "C:/x", "a/\u0000b",
    };

    private string LocalFile()
    {
        var file = Path.Combine(folder, "model.dat");
        File.WriteAllText(file, "weights");
        return file;
    }

    [Theory]
    [MemberData(nameof(Escaping))]
    public async Task The_rest_client_refuses_it_and_sends_nothing(string artifactPath)
    {
        using var server = new FakeMlflowServer();
        using var client = new MlflowRestClient(TestClients.FastOptions(server.Uri));
        var experiment = await client.GetOrCreateExperimentAsync("escape");
        var run = await client.CreateRunAsync(experiment.ExperimentId, "escape", 1795938478000, []);
        var before = server.Requests.Count;

        await Assert.ThrowsAsync<ArgumentException>(() => client.UploadArtifactAsync(run, LocalFile(), artifactPath));

        Assert.Equal(before, server.Requests.Count);
        Assert.Empty(server.State.Artifacts);
    }

    [Theory]
    [MemberData(nameof(Escaping))]
    public async Task The_file_store_refuses_it_and_writes_nothing(string artifactPath)
    {
        var store = new MlflowFileStore(Path.Combine(folder, "mlruns"));
        var experiment = await store.GetOrCreateExperimentAsync("escape");
        var run = await store.CreateRunAsync(experiment.ExperimentId, "escape", 1795938478000, []);
        var local = LocalFile();
        var filesBefore = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Length;

        await Assert.ThrowsAsync<ArgumentException>(() => store.UploadArtifactAsync(run, local, artifactPath));

        Assert.Equal(filesBefore, Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task A_nested_relative_path_is_still_accepted()
    {
        using var server = new FakeMlflowServer();
        using var client = new MlflowRestClient(TestClients.FastOptions(server.Uri));
        var experiment = await client.GetOrCreateExperimentAsync("escape");
        var run = await client.CreateRunAsync(experiment.ExperimentId, "escape", 1795938478000, []);

        await client.UploadArtifactAsync(run, LocalFile(), "model/weights v1.safetensors");
        await new MlflowFileStore(Path.Combine(folder, "mlruns")).UploadArtifactAsync(
            await LocalRun(), LocalFile(), "model/weights v1.safetensors");

        Assert.Single(server.State.Artifacts);
        Assert.Single(Directory.GetFiles(Path.Combine(folder, "mlruns"), "weights v1.safetensors", SearchOption.AllDirectories));
    }

    private async Task<MlflowRunInfo> LocalRun()
    {
        var store = new MlflowFileStore(Path.Combine(folder, "mlruns"));
        var experiment = await store.GetOrCreateExperimentAsync("ok");
        return await store.CreateRunAsync(experiment.ExperimentId, "ok", 1795938478000, []);
    }
}
