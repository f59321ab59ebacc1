namespace MlOps.Specs.Model;

/// <summary>Where a run may register a model version (<c>tracking.register_on</c>). New members go at the end.</summary>
public enum RegisterContext
{
    /// <summary>A push to (or a local run on) the repository's default branch.</summary>
    DefaultBranch,
    /// <summary>A pull request's run.</summary>
    PullRequest,
}
