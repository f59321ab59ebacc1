using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using MlOps.Core.Reporting;
using MlOps.Core.Tests.Reporting;

namespace MlOps.Core.Tests.Pipeline;

/// <summary>result.json is written once: the file MLflow uploaded is the one renamed into place, and no stage is left behind.</summary>
public sealed class ResultPublicationTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlops-result-").FullName;
    private static readonly TrackingInfo Tracked = new("file:///mlruns", "1", "abc", null, false, "3");

    private string ResultPath => Path.Combine(folder, "result.json");

    [Fact]
    public void The_staged_file_the_tracker_uploaded_becomes_result_json()
    {
        string staged, uploaded;
        using (var publication = new ResultPublication(SampleRun.Create(), ResultPath))
        {
            staged = publication.Stage(Tracked);
            uploaded = File.ReadAllText(staged);
            Assert.False(File.Exists(ResultPath), "result.json appears only when tracking is over");
            publication.Commit(Tracked);
        }

        Assert.Equal(uploaded, File.ReadAllText(ResultPath));
        Assert.Equal(Tracked, RunResultFile.Read(ResultPath).Tracking);
        Assert.False(File.Exists(staged));
    }

    [Fact]
    public void When_tracking_failed_after_staging_result_json_has_no_tracking_block()
    {
        using (var publication = new ResultPublication(SampleRun.Create(), ResultPath))
        {
            publication.Stage(Tracked);
            Assert.Null(publication.Commit(null).Tracking);
        }

        Assert.Null(RunResultFile.Read(ResultPath).Tracking);
        Assert.Equal(["result.json"], Directory.EnumerateFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void A_run_that_fails_between_staging_and_commit_leaves_neither_file()
    {
        using (var publication = new ResultPublication(SampleRun.Create(), ResultPath))
        {
            publication.Stage(Tracked);
        }

        Assert.Empty(Directory.EnumerateFiles(folder));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
