using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Specs.Model;

namespace MlOps.Core.Pipeline;

/// <summary>
/// A repeat's or sweep trial's earlier result that can stand: its result.json finished (not stopped)
/// and records the fingerprint the same spec has now (spec, seed, data, device), so training it again
/// would only repeat it.
/// </summary>
internal static class FinishedTrial
{
    public static RunResult? Read(FineTuneSpec spec, OutputLayout layout)
    {
        if (!File.Exists(layout.Result))
        {
            return null;
        }
        try
        {
            var result = RunResultFile.Read(layout.Result);
            return result.Verdict != RunVerdict.Stopped && result.Spec.Fingerprint == FineTuneRun.Fingerprint(spec) ? result : null;
        }
        catch (MlOpsException)
        {
            return null;
        }
    }
}
