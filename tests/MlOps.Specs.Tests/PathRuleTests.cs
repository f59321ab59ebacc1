using MlOps.Specs;
using MlOps.Tests.Shared;

namespace MlOps.Specs.Tests;

/// <summary>Input paths are relative to the spec, must exist, and may not leave the repository.</summary>
public sealed class PathRuleTests : IDisposable
{
    private readonly SpecSandbox _box = new();

    public void Dispose() => _box.Dispose();

    private static string SpecWithTrain(string train) =>
        $"name: demo\nbase: {{model: mlp}}\ndata:\n  train: {train}\ntraining: {{epochs: 20}}\n";

    [Fact]
    public void Paths_are_resolved_against_the_spec_folder_not_the_current_folder()
    {
        _box.Write("specs/data/local.csv", SpecSandbox.Csv(100));
        var result = _box.Load(SpecWithTrain("data/local.csv"), name: "specs/spec.yaml");
        DiagnosticAssert.Clean(result);
        Assert.Equal(Path.Combine(_box.Root, "specs", "data", "local.csv"), result.Spec!.Data.Train);
    }

    [Fact]
    public void Dot_dot_inside_the_repository_is_fine()
    {
        var result = _box.Load(SpecWithTrain("../data/train.csv"), name: "specs/spec.yaml");
        DiagnosticAssert.Clean(result);
    }

    [Fact]
    public void Dot_dot_leaving_the_repository_is_refused_with_the_reason()
    {
        var d = DiagnosticAssert.Has(_box.Load(SpecWithTrain("../../etc/passwd")), SpecErrorCodes.PathOutsideRepository, 4, 10);
        Assert.Contains("'../../etc/passwd'", d.Message, StringComparison.Ordinal);
        Assert.Contains("'..' segments", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_absolute_path_outside_is_refused_unless_allowed()
    {
        var outside = Path.Combine(Path.GetTempPath(), "mlops-outside-" + Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(outside, SpecSandbox.Csv(100));
        try
        {
            var d = DiagnosticAssert.Has(_box.Load(SpecWithTrain(outside)), SpecErrorCodes.PathOutsideRepository, 4, 10);
            Assert.Contains("absolute path", d.Message, StringComparison.Ordinal);

            var allowed = _box.Load(SpecWithTrain(outside), new SpecLoadOptions { AllowOutsideRepository = true });
            DiagnosticAssert.Clean(allowed);
            Assert.Equal(outside, allowed.Spec!.Data.Train);
        }
        finally
        {
            File.Delete(outside);
        }
    }

    [Fact]
    public void A_symlink_that_points_outside_is_refused()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // creating symlinks needs privileges there
        }
        var outsideDir = Directory.CreateTempSubdirectory("mlops-outside-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(outsideDir, "secret.csv"), SpecSandbox.Csv(100));
            Directory.CreateSymbolicLink(Path.Combine(_box.Root, "linked"), outsideDir);
            var d = DiagnosticAssert.Has(_box.Load(SpecWithTrain("linked/secret.csv")), SpecErrorCodes.PathOutsideRepository, 4, 10);
            Assert.Contains("symbolic link", d.Message, StringComparison.Ordinal);
            Assert.Contains(outsideDir, d.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(outsideDir, recursive: true);
        }
    }

    [Fact]
    public void A_symlink_that_stays_inside_is_fine()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        File.CreateSymbolicLink(Path.Combine(_box.Root, "alias.csv"), Path.Combine(_box.Root, "data", "train.csv"));
        DiagnosticAssert.Clean(_box.Load(SpecWithTrain("alias.csv")));
    }

    [Fact]
    public void A_missing_input_names_the_key_the_written_path_and_where_it_looked()
    {
        var d = DiagnosticAssert.Has(_box.Load(SpecWithTrain("data/tarin.csv")), SpecErrorCodes.PathNotFound, 4, 10);
        Assert.Contains("'data.train'", d.Message, StringComparison.Ordinal);
        Assert.Contains("'data/tarin.csv' does not exist", d.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_box.Root, "data", "tarin.csv"), d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_is_not_an_input_file()
    {
        var d = DiagnosticAssert.Has(_box.Load(SpecWithTrain("data")), SpecErrorCodes.PathNotFound, 4, 10);
        Assert.Contains("is a folder", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_repository_root_defaults_to_the_folder_holding_git()
    {
        // The sandbox root has .git; a spec two folders down may reach the root's data but not above it.
        _box.Write("a/b/keep.txt", "");
        DiagnosticAssert.Clean(_box.Load(SpecWithTrain("../../data/train.csv"), name: "a/b/spec.yaml"));
        DiagnosticAssert.Has(_box.Load(SpecWithTrain("../../../x.csv"), name: "a/b/spec.yaml"), SpecErrorCodes.PathOutsideRepository, 4, 10);
    }

    [Fact]
    public void Every_input_path_is_checked()
    {
        var yaml = """
            name: demo
            base: { model: mlp, checkpoint: models/missing.pt }
            data:
              train: data/train.csv
              validation: data/missing.csv
            evaluation:
              forgetting: { data: ../../outside.csv }
            """;
        var result = _box.Load(yaml);
        DiagnosticAssert.Has(result, SpecErrorCodes.PathNotFound, 2, 33);
        DiagnosticAssert.Has(result, SpecErrorCodes.PathNotFound, 5, 15);
        DiagnosticAssert.Has(result, SpecErrorCodes.PathOutsideRepository, 7, 23);
        Assert.Equal(3, result.Diagnostics.Count);
    }
}
