using System.CommandLine;
using MlOps.Contracts.Diagnostics;

namespace MlOps.Cli.Tests.Commands;

/// <summary>`mlops validate specs/` and quoted globs, as the templates and docs tell a user to type them.</summary>
public sealed class ValidateFoldersAndGlobsTests : IDisposable
{
    private const string ValidSpec = "name: NAME\nbase: {model: mlp}\ndata: {train: ../data/train.csv}\ntraining: {epochs: 30}\n";
    private readonly string _root = Directory.CreateTempSubdirectory("mlops-validate-globs-").FullName;

    public ValidateFoldersAndGlobsTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, ".git"));
        Directory.CreateDirectory(Path.Combine(_root, "data"));
        File.WriteAllLines(Path.Combine(_root, "data", "train.csv"), ["x,label", .. Enumerable.Range(0, 100).Select(i => $"{i},{i % 2}")]);
        Directory.CreateDirectory(Path.Combine(_root, "specs", "more"));
        File.WriteAllText(Path.Combine(_root, "specs", "a.yaml"), ValidSpec.Replace("NAME", "a", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(_root, "specs", "b.yml"), ValidSpec.Replace("NAME", "b", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(_root, "specs", "README.md"), "not a spec");
        File.WriteAllText(Path.Combine(_root, "specs", "more", "c.yaml"), ValidSpec.Replace("NAME", "c", StringComparison.Ordinal).Replace("../data", "../../data", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = Program.BuildRoot().Parse(["validate", .. args.Select(a => Path.Combine(_root, a))]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void A_folder_validates_every_yaml_and_yml_spec_under_it()
    {
        var (exit, output, error) = Run("specs");
        Assert.True(exit == ExitCodes.Passed, output + error);
        Assert.Contains("3 spec(s) valid: 0 error(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_with_a_trailing_slash_works_too()
    {
        var (exit, output, error) = Run("specs/");
        Assert.True(exit == ExitCodes.Passed, output + error);
        Assert.Contains("3 spec(s) valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quoted_glob_matches_one_folder_and_a_double_star_glob_every_folder()
    {
        var (exit, output, _) = Run("specs/*.yaml");
        Assert.Equal(ExitCodes.Passed, exit);
        Assert.Contains("1 spec(s) valid", output, StringComparison.Ordinal);

        var (deepExit, deepOutput, _) = Run("specs/**/*.yaml");
        Assert.Equal(ExitCodes.Passed, deepExit);
        Assert.Contains("2 spec(s) valid", deepOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spec_named_twice_is_validated_once()
    {
        var (exit, output, _) = Run("specs/a.yaml", "specs");
        Assert.Equal(ExitCodes.Passed, exit);
        Assert.Contains("3 spec(s) valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_glob_or_folder_that_names_no_spec_is_bad_input()
    {
        Directory.CreateDirectory(Path.Combine(_root, "empty"));
        var (exit, _, error) = Run("specs/*.json", "empty");
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("specs/*.json' is not a file, a folder or a glob", error, StringComparison.Ordinal);
        Assert.Contains("empty' is not a file, a folder or a glob", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_in_a_spec_found_by_a_folder_points_at_that_spec()
    {
        File.WriteAllText(Path.Combine(_root, "specs", "more", "c.yaml"), "name: c\nbase: {model: mlp}\ntrainig: {}\n");
        var (exit, output, _) = Run("specs");
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains(Path.Combine(_root, "specs", "more", "c.yaml") + "(3,1): error MLOPS", output, StringComparison.Ordinal);
    }
}
