using MlOps.Reliability.Tests.Infrastructure;

namespace MlOps.Reliability.Tests.Security;

/// <summary>A spec cannot read or write outside its repository: `..`, absolute paths and symlinks are refused.</summary>
public sealed class PathEscapeTests : IDisposable
{
    private readonly SampleRepo repo = new();
    private readonly string outside = Directory.CreateTempSubdirectory("mlops-outside-").FullName;

    public PathEscapeTests()
    {
        var csv = "a,b,label\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"{i},{i % 3},{(i % 2 == 0 ? "no" : "yes")}\n"));
        File.WriteAllText(Path.Combine(outside, "secret.csv"), csv);
        repo.Write("data/inside.csv", csv);
    }

    private string Spec(string train, string? checkpoint = null) => repo.Write("specs/escape.yaml", $$"""
        name: escape
        base: { model: mlp, checkpoint: {{checkpoint ?? "none"}}, hidden: [4] }
        data: { train: "{{train}}", split: { validation: 0.25 }, label: label }
        training: { epochs: 1, threads: 1 }
        """);

    public static TheoryData<string> Escapes() => new() { "dotdot", "absolute", "symlink-file", "symlink-folder" };

    private string EscapingPath(string how)
    {
        switch (how)
        {
            case "dotdot":
                return Path.GetRelativePath(Path.Combine(repo.Root, "specs"), Path.Combine(outside, "secret.csv"));
            case "absolute":
                return Path.Combine(outside, "secret.csv");
            case "symlink-file":
                File.CreateSymbolicLink(Path.Combine(repo.Root, "data", "link.csv"), Path.Combine(outside, "secret.csv"));
                return "../data/link.csv";
            default:
                Directory.CreateSymbolicLink(Path.Combine(repo.Root, "data", "linked"), outside);
                return "../data/linked/secret.csv";
        }
    }

    [Theory]
    [MemberData(nameof(Escapes))]
    public void Validate_refuses_a_data_path_that_leaves_the_repository(string how)
    {
        var spec = Spec(EscapingPath(how));

        var result = Mlops.Invoke(TimeSpan.FromSeconds(30), "validate", spec);

        Assert.True(result.Exit == 2, result.All);
        Assert.Contains("escape.yaml(3,", result.Output, StringComparison.Ordinal);
        Assert.Contains("outside", result.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Escapes))]
    public void Run_refuses_it_before_reading_anything(string how)
    {
        var spec = Spec(EscapingPath(how));
        var output = Path.Combine(repo.Root, "out");

        var result = Mlops.Run(spec, output);

        Assert.True(result.Exit == 2, result.All);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void A_base_checkpoint_outside_the_repository_is_refused()
    {
        File.Copy(Path.Combine(repo.Root, "samples", "credit", "models", "base.safetensors"), Path.Combine(outside, "base.safetensors"));
        var spec = Spec("../data/inside.csv", Path.Combine(outside, "base.safetensors"));

        var result = Mlops.Invoke(TimeSpan.FromSeconds(30), "validate", spec);

        Assert.True(result.Exit == 2, result.All);
        Assert.Contains("escape.yaml(2,", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_inside_path_itself_is_accepted_so_the_refusals_above_are_about_escaping()
    {
        var result = Mlops.Invoke(TimeSpan.FromSeconds(30), "validate", Spec("../data/inside.csv"));

        Assert.True(result.Exit == 0, result.All);
    }

    public void Dispose()
    {
        repo.Dispose();
        Directory.Delete(outside, recursive: true);
    }
}
