using MlOps.Build.Tests.Infrastructure;
using MlOps.Build.UpToDate;
using MlOps.Specs.Model;

namespace MlOps.Build.Tests.UpToDate;

/// <summary>What the cheap up-to-date check watches for a spec: every path whose change can move its fingerprint.</summary>
public sealed class SpecInputsTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private FineTuneSpec Spec(string? checkpoint = null, string? validation = null) => new()
    {
        Name = "tiny",
        SpecPath = _temp.File("specs/tiny.yaml", "name: tiny\n"),
        Base = new BaseModelSpec { Model = "mlp", Checkpoint = checkpoint },
        Data = new DataSpec { Train = _temp.File("data/train.csv", "x,label\n1,a\n"), Validation = validation },
    };

    [Fact]
    public void The_spec_and_its_data_files_are_watched_and_a_missing_file_must_stay_missing()
    {
        var spec = Spec(validation: Path.Combine(_temp.Path, "data", "val.csv"));

        var inputs = SpecInputs.Of(spec).ToList();

        Assert.Contains(new WatchedPath(spec.SpecPath, WatchKind.File), inputs);
        Assert.Contains(new WatchedPath(spec.Data.Train, WatchKind.File), inputs);
        Assert.Contains(new WatchedPath(spec.Data.Validation!, WatchKind.Absent), inputs);
    }

    [Fact]
    public void A_folder_checkpoint_is_watched_with_its_subfolders_so_an_added_file_is_seen()
    {
        var weights = _temp.File("base/model/weights.safetensors", "w");
        var folder = Path.Combine(_temp.Path, "base");

        var inputs = SpecInputs.Of(Spec(checkpoint: folder)).ToList();

        Assert.Contains(new WatchedPath(folder, WatchKind.Folder), inputs);
        Assert.Contains(new WatchedPath(Path.Combine(folder, "model"), WatchKind.Folder), inputs);
        Assert.Contains(new WatchedPath(weights, WatchKind.File), inputs);
    }

    public void Dispose() => _temp.Dispose();
}
