using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MlOps.Build.Tasks;
using MlOps.Build.Tests.Infrastructure;
using MlOps.Contracts.Diagnostics;
using MlOps.Specs;
using MlOps.Specs.Model;

namespace MlOps.Build.Tests.Tasks;

/// <summary>The in-process task, with a spec loader double (specs are built in code, not parsed).</summary>
public sealed class ComputeFineTuneFingerprintTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly FakeBuildEngine _engine = new();
    private readonly Dictionary<string, SpecLoadResult> _specs = [];

    private string OutputPath => Path.Combine(_temp.Path, "out");

    private string AddSpec(string name, string? checkpoint = null)
    {
        var path = _temp.File($"{name}.yaml", $"name: {name}\n");
        var train = _temp.File($"data/{name}.csv", "x,label\n1,a\n");
        _specs[path] = new SpecLoadResult(new FineTuneSpec
        {
            Name = name,
            SpecPath = path,
            Base = new BaseModelSpec { Model = "mlp", Checkpoint = checkpoint },
            Data = new DataSpec { Train = train },
        }, []);
        return path;
    }

    private ComputeFineTuneFingerprint Task(params string[] specs) => new()
    {
        BuildEngine = _engine,
        Specs = specs.Select(s => (ITaskItem)new TaskItem(s)).ToArray(),
        OutputPath = OutputPath,
        Loader = (path, _) => _specs[path],
    };

    [Fact]
    public void Writes_the_fingerprint_and_reports_the_spec_as_stale_until_a_run_stamps_it()
    {
        var spec = AddSpec("tiny");
        var task = Task(spec);

        Assert.True(task.Execute());

        var item = Assert.Single(task.PlannedSpecs);
        Assert.Equal("tiny", item.GetMetadata("SpecName"));
        Assert.Equal(item.GetMetadata("Fingerprint") + Environment.NewLine, File.ReadAllText(item.GetMetadata("FingerprintFile")));
        Assert.Equal("false", item.GetMetadata("UpToDate"));
        Assert.Equal(Path.Combine(OutputPath, "tiny", "result.json"), item.GetMetadata("ResultFile"));
    }

    [Fact]
    public void Unchanged_inputs_leave_the_fingerprint_file_untouched_so_the_run_stays_up_to_date()
    {
        var spec = AddSpec("tiny");
        var first = Assert.Single(RunTask(spec));
        Directory.CreateDirectory(Path.Combine(OutputPath, "tiny"));
        File.WriteAllText(first.GetMetadata("ResultFile"), "{}");
        File.WriteAllText(first.GetMetadata("StampFile"), "");
        var written = File.GetLastWriteTimeUtc(first.GetMetadata("FingerprintFile"));

        var second = Assert.Single(RunTask(spec));

        Assert.Equal(written, File.GetLastWriteTimeUtc(second.GetMetadata("FingerprintFile")));
        Assert.Equal("true", second.GetMetadata("UpToDate"));
    }

    [Fact]
    public void Editing_a_data_file_changes_the_fingerprint()
    {
        var spec = AddSpec("tiny");
        var before = Assert.Single(RunTask(spec)).GetMetadata("Fingerprint");
        File.AppendAllText(_specs[spec].Spec!.Data.Train, "2,b\n");

        var after = Assert.Single(RunTask(spec)).GetMetadata("Fingerprint");

        Assert.NotEqual(before, after);
    }

    [Fact]
    public void A_spec_whose_checkpoint_is_another_specs_output_runs_after_it()
    {
        var child = AddSpec("child", checkpoint: Path.Combine(OutputPath, "parent", "model.safetensors"));
        var parent = AddSpec("parent");

        var order = RunTask(child, parent).Select(i => i.GetMetadata("SpecName"));

        Assert.Equal(["parent", "child"], order);
    }

    [Fact]
    public void Loader_errors_are_logged_at_the_spec_line_and_nothing_is_planned()
    {
        var path = _temp.File("bad.yaml", "trainig: {}\n");
        _specs[path] = new SpecLoadResult(null, [Diagnostic.Error("MLOPS010", "unknown key 'trainig'; did you mean 'training'?", new SourceLocation(path, 7, 3))]);
        var task = Task(path);

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal(("MLOPS010", path, 7, 3), (error.Code, error.File, error.LineNumber, error.ColumnNumber));
        Assert.Empty(task.PlannedSpecs);
        Assert.False(Directory.Exists(OutputPath));
    }

    [Theory]
    [InlineData("credit-finetune", new[] { "credit-finetune" })]
    [InlineData("images-*;credit-finetune", new[] { "credit-finetune", "images-finetune" })]
    [InlineData("*images-finetune.yaml", new[] { "images-finetune" })]
    [InlineData("", new[] { "credit-finetune", "images-finetune" })]
    public void MlOpsSpecFilter_keeps_specs_by_name_or_path_glob(string filter, string[] expected)
    {
        var task = Task(AddSpec("credit-finetune"), AddSpec("images-finetune"));
        task.Filter = filter;

        Assert.True(task.Execute());

        Assert.Equal(expected, task.PlannedSpecs.Select(i => i.GetMetadata("SpecName")).Order());
    }

    [Fact]
    public void Two_specs_with_one_name_are_an_error()
    {
        var first = AddSpec("tiny");
        var second = _temp.File("other/tiny.yaml", "name: tiny\n");
        _specs[second] = _specs[first] with { Spec = _specs[first].Spec! with { SpecPath = second } };

        Assert.False(Task(first, second).Execute());

        Assert.Equal("MLOPS805", Assert.Single(_engine.Errors).Code);
    }

    [Fact]
    public void Reports_the_paths_the_fingerprint_read_and_the_spec_warnings_for_the_next_builds_cheap_check()
    {
        var spec = AddSpec("tiny");
        _specs[spec] = _specs[spec] with { Diagnostics = [Diagnostic.Warning("MLOPS150", "a learning rate of 0.1 is high for a fine-tune", new SourceLocation(spec, 4, 7))] };
        var task = Task(spec);

        Assert.True(task.Execute());

        Assert.Equal([(spec, "File"), (_specs[spec].Spec!.Data.Train, "File")], task.Inputs.Select(i => (i.ItemSpec, i.GetMetadata("Watch"))));
        var warning = Assert.Single(task.Warnings);
        Assert.Equal(("MLOPS150", spec, "4", "7"), (warning.ItemSpec, warning.GetMetadata("File"), warning.GetMetadata("Line"), warning.GetMetadata("Column")));
        Assert.Equal("a learning rate of 0.1 is high for a fine-tune", warning.GetMetadata("Message"));
    }

    [Fact]
    public void Fingerprinting_never_loads_TorchSharp_into_the_build_process()
    {
        RunTask(AddSpec("tiny"));

        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name!.StartsWith("TorchSharp", StringComparison.Ordinal));
    }

    private ITaskItem[] RunTask(params string[] specs)
    {
        var task = Task(specs);
        Assert.True(task.Execute(), string.Join("\n", _engine.Errors.Select(e => e.Message)));
        return task.PlannedSpecs;
    }

    public void Dispose() => _temp.Dispose();
}
