using MlOps.Build.Tasks;
using MlOps.Build.Tests.Infrastructure;

namespace MlOps.Build.Tests.Tasks;

/// <summary>
/// Issue 16: a data value (a sensitive group) with a line break travels inside the runner's JSON events;
/// MSBuild must log it on one line, or the build log shows a workflow command (<c>::error::</c>) and
/// extra MLOPS511 diagnostics of the user's data's making.
/// </summary>
public sealed class RunnerInjectionTests : IDisposable
{
    private const string Payload = @"A\n::error title=INJECTED::pwned\r\n/x/spec.yaml(1,1): error MLOPS511: fake\u001b[2J";
    private readonly TempFolder _temp = new();
    private readonly FakeBuildEngine _engine = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Gate_and_message_events_carrying_line_breaks_are_logged_on_one_line_each()
    {
        var spec = _temp.File("tiny.yaml", "name: tiny\n");
        var script = _temp.File("hostile.sh", $$"""
            #!/bin/bash
            echo '{"event":"message","message":"group {{Payload}} is small"}'
            echo '{"event":"message","message":"MLOPS603: group x.yaml(1,1): error MLOPS511: forged, of grp, is small"}'
            echo '{"event":"gate","name":"grp demographic_parity_difference max 0.5","passed":false,"severity":"error","message":"undefined: group {{Payload}}","file":"{{spec}}","line":7,"column":5}'
            echo '{"event":"result","verdict":"failed","result_path":"/o/result.json"}'
            exit 1
            """.ReplaceLineEndings("\n"));
        FakeRunner.MakeExecutable(script);
        var task = new RunFineTune { BuildEngine = _engine, RunnerExecutable = script, Spec = spec, SpecName = "tiny", OutputDirectory = Path.Combine(_temp.Path, "out"), FailOnGate = true };

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal(("MLOPS511", 7, 5), (error.Code, error.LineNumber, error.ColumnNumber));
        Assert.Contains("A\\n::error title=INJECTED::pwned\\r\\n/x/spec.yaml(1,1): error MLOPS511: fake\\u001B[2J", error.Message, StringComparison.Ordinal);
        var texts = _engine.Messages.Select(m => m.Message ?? "").Concat(_engine.Errors.Select(e => e.Message ?? "")).ToList();
        Assert.Contains(texts, t => t.Contains("INJECTED", StringComparison.Ordinal) && t.Contains("is small", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("forged, of grp, is small", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.Contains('\n', StringComparison.Ordinal) || t.Contains('\r', StringComparison.Ordinal) || t.Contains('\u001b', StringComparison.Ordinal));
    }
}
