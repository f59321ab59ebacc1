using System.Text.RegularExpressions;
using MlOps.Cli.Tests.Templates;
using YamlDotNet.RepresentationModel;

namespace MlOps.Cli.Tests.GitHub;

/// <summary>
/// The rules action.yml and the workflows must keep (the linters check syntax and types, not these):
/// every script step says `shell: bash`, no `${{ }}` expression is pasted into a script (inputs
/// reach scripts through env), and every remote action is pinned by a full commit SHA.
/// </summary>
public sealed partial class WorkflowPolicyTests
{
    public static TheoryData<string> Files() =>
    [
        "action.yml",
        ".github/workflows/ci.yml",
        ".github/workflows/finetune-gate.yml",
        ".github/workflows/finetune-comment.yml",
        ".github/workflows/promote.yml",
        "templates/content/mlops-finetune/.github/workflows/finetune-gate.yml",
    ];

    [Theory]
    [MemberData(nameof(Files))]
    public void Scripts_use_bash_take_inputs_through_env_and_actions_are_pinned(string file)
    {
        var steps = Steps(Load(file)).ToList();
        Assert.NotEmpty(steps);
        foreach (var step in steps)
        {
            if (Scalar(step, "run") is { } script)
            {
                Assert.True(Scalar(step, "shell") == "bash", $"{file}: a run step without shell: bash: {script[..Math.Min(60, script.Length)]}");
                Assert.DoesNotContain("${{", script, StringComparison.Ordinal);
            }
            if (Scalar(step, "uses") is { } uses && !uses.StartsWith("./", StringComparison.Ordinal) && !file.StartsWith("templates/", StringComparison.Ordinal))
            {
                Assert.Matches(PinnedBySha(), uses);
            }
        }
    }

    [Fact]
    public void The_required_gate_job_fails_unless_every_matrix_job_succeeded()
    {
        var jobs = (YamlMappingNode)Load(".github/workflows/finetune-gate.yml")["jobs"];
        var gate = (YamlMappingNode)jobs["gate"];

        Assert.Equal("${{ always() }}", Scalar(gate, "if"));
        Assert.Equal("finetune", Scalar(gate, "needs"));
        var check = Steps(gate).Single();
        Assert.Equal("${{ needs.finetune.result }}", Scalar((YamlMappingNode)check["env"], "RESULT"));
        Assert.Contains("\"$RESULT\" != success", Scalar(check, "run"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_comment_workflow_never_checks_out_the_pull_request()
    {
        var text = File.ReadAllText(Path.Combine(TemplateSandbox.SourceRoot, ".github/workflows/finetune-comment.yml"));

        Assert.DoesNotContain("head_sha }}\n          persist", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ref: ${{ github.event.workflow_run.head", text, StringComparison.Ordinal);
        Assert.Contains("ref: ${{ github.event.repository.default_branch }}", text, StringComparison.Ordinal);
        Assert.Contains("pull-requests: write", text, StringComparison.Ordinal);
    }

    private static YamlMappingNode Load(string file)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(TemplateSandbox.SourceRoot, file));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    /// <summary>runs.steps of an action, or every job's steps of a workflow.</summary>
    private static IEnumerable<YamlMappingNode> Steps(YamlMappingNode node)
    {
        if (node.Children.TryGetValue("steps", out var steps))
        {
            return ((YamlSequenceNode)steps).Children.Cast<YamlMappingNode>();
        }
        if (node.Children.TryGetValue("runs", out var runs))
        {
            return Steps((YamlMappingNode)runs);
        }
        return node.Children.TryGetValue("jobs", out var jobs)
            ? ((YamlMappingNode)jobs).Children.Values.Cast<YamlMappingNode>().SelectMany(Steps)
            : [];
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    [GeneratedRegex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")]
    private static partial Regex PinnedBySha();
}
