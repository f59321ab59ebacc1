using Microsoft.Build.Utilities;
using MlOps.Build.Tasks;
using MlOps.Build.Tests.Infrastructure;

namespace MlOps.Build.Tests.Tasks;

public sealed class ReadFineTuneResultsTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly FakeBuildEngine _engine = new();

    private ReadFineTuneResults Task(string resultFile)
    {
        var spec = new TaskItem(Path.Combine(_temp.Path, "tiny.yaml"));
        spec.SetMetadata("SpecName", "tiny");
        spec.SetMetadata("ResultFile", resultFile);
        return new ReadFineTuneResults { BuildEngine = _engine, Specs = [spec] };
    }

    [Fact]
    public void Result_json_becomes_an_item_with_verdict_run_and_validation_metrics()
    {
        var path = _temp.File("out/tiny/result.json", """
            { "verdict": "failed", "tracking": { "run_id": "r1" },
              "metrics": { "train": { "accuracy": 0.99 }, "validation": { "accuracy": 0.874, "macro_f1": 0.8 } } }
            """);
        var task = Task(path);

        Assert.True(task.Execute());

        var item = Assert.Single(task.Results);
        Assert.Equal(("failed", "false", "r1", path), (item.GetMetadata("Verdict"), item.GetMetadata("Passed"), item.GetMetadata("RunId"), item.GetMetadata("ResultPath")));
        Assert.Equal(("0.874", "0.8"), (item.GetMetadata("accuracy"), item.GetMetadata("macro_f1")));
    }

    [Fact]
    public void Spec_without_a_result_yet_gives_no_item()
    {
        var task = Task(Path.Combine(_temp.Path, "missing.json"));

        Assert.True(task.Execute());
        Assert.Empty(task.Results);
    }

    [Fact]
    public void Corrupt_result_is_an_error_saying_how_to_recover()
    {
        var task = Task(_temp.File("result.json", "{ not json"));

        Assert.False(task.Execute());
        var error = Assert.Single(_engine.Errors);
        Assert.Equal("MLOPS802", error.Code);
        Assert.Contains("build again to retrain", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
