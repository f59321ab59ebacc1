using MlOps.Contracts.Results;
using MlOps.Specs.Model;

namespace MlOps.Core.Tracking;

/// <summary>
/// Whether a run adds a model version: only when every error gate passed (verdict passed), and only
/// where <c>tracking.register_on</c> allows: the default branch, and pull requests when opted in.
/// </summary>
public static class RegistrationPolicy
{
    public static bool Registers(RunResult result, TrackingSpec tracking, CiContext ci, string? gitBranch)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(tracking);
        ArgumentNullException.ThrowIfNull(ci);
        return result.Verdict == RunVerdict.Passed && Context(ci, gitBranch) is { } context && tracking.RegisterOn.Contains(context);
    }

    /// <summary>Pull request, default branch, or null for any other branch.</summary>
    public static RegisterContext? Context(CiContext ci, string? gitBranch)
    {
        ArgumentNullException.ThrowIfNull(ci);
        if (ci.PullRequest is not null)
        {
            return RegisterContext.PullRequest;
        }
        return ci.IsDefaultBranch(gitBranch) ? RegisterContext.DefaultBranch : null;
    }
}
