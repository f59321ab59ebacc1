using MlOps.Contracts.Results;
using MlOps.Core.Reporting;

namespace MlOps.Core.Pipeline;

/// <summary>
/// result.json is written once, as a run's last step, and MLflow keeps the very same file: when the
/// tracker knows the run (id, registered version) it asks for the result, which is staged beside
/// result.json and uploaded from there; then the stage becomes result.json by a rename. Readers
/// never see a half-written result, and a run that fails on the way leaves no stage behind.
/// </summary>
internal sealed class ResultPublication(RunResult result, string path) : IDisposable
{
    private string StagePath => path + StageSuffix;
    private const string StageSuffix = ".staged";
    private TrackingInfo? staged;

    /// <summary>For the tracker: the result with its tracking block, as a file to upload.</summary>
    public string Stage(TrackingInfo tracking)
    {
        RunResultFile.Write(result with { Tracking = tracking }, StagePath);
        staged = tracking;
        return StagePath;
    }

    /// <summary>result.json as tracking ended (<paramref name="tracking"/> null: not tracked); the uploaded stage when it says the same.</summary>
    public RunResult Commit(TrackingInfo? tracking)
    {
        var final = result with { Tracking = tracking };
        if (staged is null || staged != tracking)
        {
            RunResultFile.Write(final, StagePath);
        }
        File.Move(StagePath, path, overwrite: true);
        return final;
    }

    /// <summary>A stale stage (from a run that crashed after staging) must not become an artifact of the next one.</summary>
    public static void DeleteStale(string path)
    {
        DeleteIfThere(path);
        DeleteIfThere(path + StageSuffix);
    }

    public void Dispose() => DeleteIfThere(StagePath);

    private static void DeleteIfThere(string file)
    {
        if (File.Exists(file))
        {
            File.Delete(file);
        }
    }
}
