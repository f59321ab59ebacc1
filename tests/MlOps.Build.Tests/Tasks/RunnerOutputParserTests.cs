using MlOps.Build.Runner;
using MlOps.Contracts.Diagnostics;

namespace MlOps.Build.Tests.Tasks;

public sealed class RunnerOutputParserTests
{
    [Fact]
    public void Diagnostic_event_keeps_code_file_line_and_column()
    {
        var line = RunnerOutputParser.Parse("""{"event":"diagnostic","severity":"error","code":"MLOPS201","message":"label column missing","file":"specs/a.yaml","line":12,"column":5}""");

        Assert.Equal(RunnerLineKind.Diagnostic, line.Kind);
        Assert.True(line.IsError);
        Assert.Equal(("MLOPS201", "specs/a.yaml", 12, 5, "label column missing"), (line.Code, line.File, line.Line, line.Column, line.Text));
    }

    [Fact]
    public void Warning_diagnostic_is_not_an_error()
    {
        var line = RunnerOutputParser.Parse("""{"event":"diagnostic","severity":"warning","code":"MLOPS042","message":"high lr","file":"a.yaml","line":3,"column":7}""");

        Assert.False(line.IsError);
    }

    [Fact]
    public void Failed_gate_event_is_read_with_its_place()
    {
        var line = RunnerOutputParser.Parse("""{"event":"gate","name":"accuracy min 0.90","passed":false,"severity":"error","message":"0.874","file":"specs/a.yaml","line":31,"column":7}""");

        Assert.Equal(RunnerLineKind.Gate, line.Kind);
        Assert.False(line.Passed);
        Assert.Equal(("accuracy min 0.90", 31, 7), (line.GateName, line.Line, line.Column));
    }

    [Fact]
    public void Epoch_event_becomes_a_progress_line_with_losses_and_metrics()
    {
        var line = RunnerOutputParser.Parse("""{"event":"epoch","epoch":3,"epochs":20,"train_loss":0.41,"val_loss":0.52,"lr":0.0001,"metrics":{"accuracy":0.87},"eta_seconds":65}""");

        Assert.Equal(RunnerLineKind.Epoch, line.Kind);
        Assert.Equal("epoch 3/20 train_loss 0.41 val_loss 0.52 lr 0.0001 accuracy 0.87 (eta 00:01:05)", line.Text);
    }

    [Fact]
    public void Result_event_carries_verdict_path_and_run_id()
    {
        var line = RunnerOutputParser.Parse("""{"event":"result","verdict":"failed","result_path":"/o/result.json","run_id":"abc"}""");

        Assert.Equal(("failed", "/o/result.json", "abc"), (line.Verdict, line.ResultPath, line.RunId));
    }

    [Fact]
    public void Canonical_line_from_plain_output_is_a_diagnostic()
    {
        var line = RunnerOutputParser.Parse("specs/a.yaml(31,7): error MLOPS511: gate 'accuracy min 0.90' failed: 0.874");

        Assert.Equal(RunnerLineKind.Diagnostic, line.Kind);
        Assert.Equal(("MLOPS511", "specs/a.yaml", 31, 7), (line.Code, line.File, line.Line, line.Column));
        Assert.Equal("gate 'accuracy min 0.90' failed: 0.874", line.Text);
    }

    [Fact]
    public void Message_event_carrying_a_canonical_warning_is_a_diagnostic_with_its_code_and_place()
    {
        var line = RunnerOutputParser.Parse("""{"event":"message","message":"specs/a.yaml(40,3): warning MLOPS705: alias 'champion' was not moved"}""");

        Assert.Equal(RunnerLineKind.Diagnostic, line.Kind);
        Assert.False(line.IsError);
        Assert.Equal(("MLOPS705", "specs/a.yaml", 40, 3, "alias 'champion' was not moved"), (line.Code, line.File, line.Line, line.Column, line.Text));
    }

    [Fact]
    public void Canonical_line_without_a_line_number_is_a_diagnostic_on_the_file()
    {
        var line = RunnerOutputParser.Parse("""{"event":"message","message":"specs/a.yaml: warning MLOPS705: alias 'champion' was not moved"}""");

        Assert.Equal(RunnerLineKind.Diagnostic, line.Kind);
        Assert.Equal(("MLOPS705", "specs/a.yaml", 0, 0), (line.Code, line.File, line.Line, line.Column));
    }

    [Fact]
    public void Stage_and_plain_message_events_are_text_without_their_json()
    {
        var stage = RunnerOutputParser.Parse("""{"event":"stage","stage":"gating"}""");
        var message = RunnerOutputParser.Parse("""{"event":"message","message":"early stopping at epoch 4"}""");

        Assert.Equal((RunnerLineKind.Stage, "gating"), (stage.Kind, stage.Text));
        Assert.Equal((RunnerLineKind.Message, "early stopping at epoch 4"), (message.Kind, message.Text));
    }

    [Theory]
    [InlineData("Loading model...")]
    [InlineData("{not json")]
    [InlineData("""{"event":"something-new"}""")]
    public void Anything_else_is_plain_text(string text) =>
        Assert.Equal(RunnerLineKind.Text, RunnerOutputParser.Parse(text).Kind);
}
