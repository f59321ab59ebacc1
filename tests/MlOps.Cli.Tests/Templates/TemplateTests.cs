using System.Xml.Linq;

namespace MlOps.Cli.Tests.Templates;

/// <summary>
/// `dotnet new mlops-finetune` / `mlops-spec` as a user runs them: the spec they get validates once
/// data is in place, and the project and workflow carry the options given.
/// (Building the generated project against the packed MlOps.Build feed is the MSBuild package's harness.)
/// </summary>
public sealed class TemplateTests(TemplateSandbox sandbox) : IClassFixture<TemplateSandbox>
{
    [Fact]
    public void A_tabular_cuda_project_gets_a_valid_spec_a_project_on_MlOps_Build_and_the_gate_workflow()
    {
        var repo = sandbox.New("mlops-finetune", "-n", "Credit.Model", "-o", ".", "--backend", "cuda", "--kind", "tabular", "--experiment", "credit-risk");
        File.WriteAllText(Path.Combine(repo, "data", "train.csv"), TemplateSandbox.Csv(120));
        File.WriteAllText(Path.Combine(repo, "data", "validation.csv"), TemplateSandbox.Csv(40));

        var spec = Path.Combine(repo, "specs", "finetune.yaml");
        var (exit, output) = TemplateSandbox.Mlops("validate", spec);

        Assert.True(exit == 0, output);
        Assert.Contains("1 spec(s) valid: 0 error(s)", output, StringComparison.Ordinal);
        var text = File.ReadAllText(spec);
        Assert.Contains("name: credit.model", text, StringComparison.Ordinal);
        Assert.Contains("experiment: credit-risk", text, StringComparison.Ordinal);
        Assert.Contains("model: mlp", text, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(repo, "specs", "image.yaml")));

        var project = XDocument.Load(Path.Combine(repo, "Credit.Model.csproj"));
        Assert.Equal("cuda", project.Descendants("MlOpsTorchBackend").Single().Value);
        Assert.Equal("MlOps.Build", project.Descendants("PackageReference").Single().Attribute("Include")!.Value);
        Assert.Equal("specs/*.yaml", project.Descendants("FineTuneSpec").Single().Attribute("Include")!.Value);

        var workflow = File.ReadAllText(Path.Combine(repo, ".github", "workflows", "finetune-gate.yml"));
        Assert.Contains("project: Credit.Model.csproj", workflow, StringComparison.Ordinal);
        Assert.Contains("&& 'cuda' || 'cpu'", workflow, StringComparison.Ordinal);
        Assert.Contains("gate-policy: base", workflow, StringComparison.Ordinal);
        Assert.Contains("needs: finetune", workflow, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(repo, "data", "README.md")));
    }

    [Fact]
    public void An_image_project_gets_a_cnn_spec_that_validates_on_IDX_data()
    {
        var repo = sandbox.New("mlops-finetune", "-n", "Fashion", "-o", ".", "--kind", "image");
        var samples = Path.Combine(TemplateSandbox.SourceRoot, "samples", "images", "data");
        foreach (var (from, to) in new[]
        {
            ("finetune-train-images-idx3-ubyte.gz", "train-images-idx3-ubyte.gz"), ("finetune-train-labels-idx1-ubyte.gz", "train-labels-idx1-ubyte.gz"),
            ("finetune-val-images-idx3-ubyte.gz", "val-images-idx3-ubyte.gz"), ("finetune-val-labels-idx1-ubyte.gz", "val-labels-idx1-ubyte.gz"),
        })
        {
            File.Copy(Path.Combine(samples, from), Path.Combine(repo, "data", to));
        }

        var (exit, output) = TemplateSandbox.Mlops("validate", Path.Combine(repo, "specs", "finetune.yaml"));

        Assert.True(exit == 0, output);
        Assert.Contains("model: cnn-small", File.ReadAllText(Path.Combine(repo, "specs", "finetune.yaml")), StringComparison.Ordinal);
        Assert.Equal("cpu", XDocument.Load(Path.Combine(repo, "Fashion.csproj")).Descendants("MlOpsTorchBackend").Single().Value);
    }

    [Fact]
    public void The_spec_template_writes_one_spec_named_after_the_item()
    {
        var repo = sandbox.New("mlops-spec", "-n", "Churn", "-o", "specs", "--experiment", "churn");
        Directory.CreateDirectory(Path.Combine(repo, "data"));
        File.WriteAllText(Path.Combine(repo, "data", "train.csv"), TemplateSandbox.Csv(120));
        File.WriteAllText(Path.Combine(repo, "data", "validation.csv"), TemplateSandbox.Csv(40));

        var spec = Assert.Single(Directory.GetFiles(Path.Combine(repo, "specs")));
        Assert.Equal("churn.yaml", Path.GetFileName(spec));
        var (exit, output) = TemplateSandbox.Mlops("validate", spec);

        Assert.True(exit == 0, output);
        Assert.Contains("name: churn", File.ReadAllText(spec), StringComparison.Ordinal);
        Assert.Contains("experiment: churn", File.ReadAllText(spec), StringComparison.Ordinal);
    }
}
