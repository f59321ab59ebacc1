using Microsoft.Build.Framework;
using MlOps.Build.Tasks;
using MlOps.Build.Tests.Infrastructure;

namespace MlOps.Build.Tests.Tasks;

/// <summary>The ToolTask against the fake runner script (a real child process).</summary>
public sealed class RunFineTuneTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly FakeBuildEngine _engine = new();

    private RunFineTune Task(string spec, bool failOnGate = true) => new()
    {
        BuildEngine = _engine,
        RunnerExecutable = FakeRunner.Create(_temp.Path),
        Spec = spec,
        SpecName = "tiny",
        OutputDirectory = Path.Combine(_temp.Path, "out", "tiny"),
        FailOnGate = failOnGate,
    };

    private string Spec(double min) => _temp.File("tiny.yaml", $"name: tiny\ngates:\n  - {{ metric: accuracy, min: {min} }}\n");

    [Fact]
    public void Passing_run_succeeds_reports_progress_and_outputs_the_verdict()
    {
        var task = Task(Spec(0.5));

        Assert.True(task.Execute());
        Assert.Empty(_engine.Errors);
        Assert.Equal(("passed", "run123"), (task.Verdict, task.RunId));
        Assert.Contains(_engine.Messages, m => m.Message == "MlOps: tiny: epoch 1/2 train_loss 0.9 val_loss 0.8 lr 0.001 accuracy 0.6 (eta 00:00:01)");
        Assert.Single(FakeRunner.Invocations(_temp.Path));
    }

    [Fact]
    public void Failed_gate_is_an_error_at_the_gate_line_without_a_generic_exit_code_error()
    {
        var spec = Spec(0.99);

        Assert.False(Task(spec).Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal(("MLOPS511", spec, 3, 5), (error.Code, error.File, error.LineNumber, error.ColumnNumber));
        Assert.Equal("gate 'accuracy min' failed: 0.874", error.Message);
        Assert.Null(error.Subcategory);
    }

    [Fact]
    public void Failed_gate_is_a_warning_when_gates_do_not_fail_the_build()
    {
        Assert.True(Task(Spec(0.99), failOnGate: false).Execute());

        Assert.Empty(_engine.Errors);
        Assert.Equal("MLOPS511", Assert.Single(_engine.Warnings).Code);
    }

    [Fact]
    public void Runner_failing_silently_gets_an_error_on_the_spec()
    {
        var script = _temp.File("crash.sh", "#!/bin/bash\necho boom\nexit 3\n");
        FakeRunner.MakeExecutable(script);
        var spec = Spec(0.5);
        var task = Task(spec);
        task.RunnerExecutable = script;

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal(("MLOPS801", spec), (error.Code, error.File));
        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Runner_exceeding_the_timeout_is_stopped_with_a_clear_error()
    {
        var script = _temp.File("slow.sh", "#!/bin/bash\nsleep 30\n");
        FakeRunner.MakeExecutable(script);
        var task = Task(Spec(0.5));
        task.RunnerExecutable = script;
        task.Timeout = 300;

        Assert.False(task.Execute());

        Assert.Contains(_engine.Errors, e => e.Code == "MLOPS804");
    }

    [Fact]
    public void Runner_gets_the_run_verb_events_and_every_configured_option()
    {
        var spec = Spec(0.5);
        var argsLog = Path.Combine(_temp.Path, "args.txt");
        var script = _temp.File("echo-args.sh", $"#!/bin/bash\nprintf '%s\\n' \"$@\" > '{argsLog}'\n");
        FakeRunner.MakeExecutable(script);
        var task = Task(spec);
        task.RunnerExecutable = script;
        task.RunnerArguments = "runner.dll";
        task.Device = "cuda:1";
        task.TrackingUri = "http://mlflow:5000";
        task.ModelsAssembly = "/p/bin/images.dll";
        task.GatePolicyRef = "origin/main";
        task.Reuse = true;

        Assert.True(task.Execute());

        Assert.Equal(
            ["runner.dll", "run", spec, "--output", Path.Combine(_temp.Path, "out", "tiny"), "--events", "jsonl", "--device", "cuda:1",
             "--tracking-uri", "http://mlflow:5000", "--models-assembly", "/p/bin/images.dll", "--gate-policy-ref", "origin/main", "--reuse"],
            File.ReadAllLines(argsLog));
    }

    [Fact]
    public void Command_line_and_runner_lines_in_the_build_log_carry_no_credentials_or_known_secrets()
    {
        var script = _temp.File("leaky.sh", "#!/bin/bash\necho \"connecting with s3cretTokenValue\"\nexit 2\n");
        FakeRunner.MakeExecutable(script);
        var task = Task(Spec(0.5));
        task.RunnerExecutable = script;
        task.TrackingUri = "http://mlops:hunter2pw@127.0.0.1:5000/?access_token=qu3ryTok&x=s3cretTokenValue";
        var saved = Environment.GetEnvironmentVariable("MLFLOW_TRACKING_TOKEN");
        Environment.SetEnvironmentVariable("MLFLOW_TRACKING_TOKEN", "s3cretTokenValue");
        try
        {
            task.Execute();
        }
        finally
        {
            Environment.SetEnvironmentVariable("MLFLOW_TRACKING_TOKEN", saved);
        }

        var logged = string.Join("\n", _engine.Messages.Select(m => m is TaskCommandLineEventArgs c ? c.CommandLine : null).Concat(_engine.Messages.Select(m => m.Message)).Concat(_engine.Errors.Select(e => e.Message)));
        Assert.True(logged.Contains("http://***@127.0.0.1:5000/?access_token=***REDACTED***&x=***REDACTED***", StringComparison.Ordinal), logged);
        Assert.DoesNotContain("hunter2pw", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("qu3ryTok", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cretTokenValue", logged, StringComparison.Ordinal);
    }

    [Fact]
    public void Runner_warnings_become_msbuild_warnings_and_no_raw_event_shows_at_normal_verbosity()
    {
        var spec = Spec(0.5);
        var script = _temp.File("chatty.sh", $$"""
            #!/bin/bash
            echo '{"event":"stage","stage":"loading data"}'
            echo '{"event":"start","epochs":2,"device":"cpu"}'
            echo '{"event":"epoch","epoch":1,"epochs":2,"train_loss":0.9}'
            echo '{"event":"epoch","epoch":2,"epochs":2,"train_loss":0.8}'
            echo '{"event":"message","message":"{{spec}}(7,3): warning MLOPS705: alias champion was not moved"}'
            echo '{"event":"something-new"}'
            echo '{"event":"result","verdict":"passed","result_path":"/o/result.json","run_id":"run9"}'
            """.ReplaceLineEndings("\n"));
        FakeRunner.MakeExecutable(script);
        var task = Task(spec);
        task.RunnerExecutable = script;

        Assert.True(task.Execute());

        var warning = Assert.Single(_engine.Warnings);
        Assert.Equal(("MLOPS705", spec, 7, 3), (warning.Code, warning.File, warning.LineNumber, warning.ColumnNumber));
        Assert.DoesNotContain(_engine.Messages, m => m.Importance != MessageImportance.Low && m.Message!.Contains("{\"event\"", StringComparison.Ordinal));
        Assert.Contains(_engine.Messages, m => m.Importance == MessageImportance.Normal && m.Message == "MlOps: tiny: loading data");
        var high = _engine.Messages.Where(m => m is not TaskCommandLineEventArgs && m.Importance == MessageImportance.High).Select(m => m.Message).ToList();
        Assert.Equal(["MlOps: tiny: training 2 epoch(s) on cpu", "MlOps: tiny: epoch 1/2 train_loss 0.9", "MlOps: tiny: epoch 2/2 train_loss 0.8", "MlOps: tiny: verdict passed, run run9, report in /o"], high);
    }

    [Fact]
    public void Progress_shows_about_ten_epochs_per_run_the_last_one_and_any_after_ten_seconds()
    {
        var now = TimeSpan.Zero;
        var throttle = new ProgressThrottle(() => now);
        throttle.Started();

        var shown = Enumerable.Range(1, 100).Where(e => throttle.Shows(e, 100)).ToList();
        Assert.Equal([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], shown);

        Assert.False(throttle.Shows(101, 1000));
        now += ProgressThrottle.Interval;
        Assert.True(throttle.Shows(102, 1000));
    }

    public void Dispose() => _temp.Dispose();
}
