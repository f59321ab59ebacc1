using System.Globalization;
using MlOps.Core.Diagnostics;
using MlOps.Core.Gates;
using MlOps.Core.Pipeline;
using Spectre.Console;

namespace MlOps.Cli.Output;

/// <summary>
/// Progress for people: a live bar in a terminal, one plain line per epoch when output is
/// redirected (CI logs). Diagnostics always go out in MSBuild's canonical format.
/// </summary>
internal sealed class ConsoleRunObserver(IAnsiConsole console, bool live) : IRunObserver
{
    private ProgressTask? task;

    /// <summary>Set while a live progress display owns the console.</summary>
    public ProgressContext? Progress { get; set; }

    public void OnStart(int firstEpoch, int epochs, long batchesPerEpoch)
    {
        if (live && Progress is not null)
        {
            task = Progress.AddTask("training", maxValue: epochs * batchesPerEpoch);
            task.Value = (firstEpoch - 1) * batchesPerEpoch;
        }
        else
        {
            console.WriteLine($"training: epochs {firstEpoch}..{epochs}, {batchesPerEpoch} batches each");
        }
    }

    public void OnBatch(int epoch, long batch, long batchesPerEpoch, double loss, double learningRate)
    {
        if (task is null)
        {
            return;
        }
        task.Value = ((epoch - 1) * batchesPerEpoch) + batch;
        task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch} batch {batch}/{batchesPerEpoch} loss {loss:F4} lr {learningRate:G3}"));
    }

    public void OnEpoch(EpochRecord record, int epochs, TimeSpan eta)
    {
        var metrics = string.Join("  ", record.Metrics.Where(m => m.Key is not ("train_loss" or "val_loss")).OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key}={m.Value:F4}")));
        var line = string.Create(CultureInfo.InvariantCulture,
            $"epoch {record.Epoch}/{epochs}  train_loss={record.TrainLoss:F4}  val_loss={record.ValLoss:F4}  {metrics}  lr={record.LearningRate:G3}  {record.Seconds:F1}s  eta {eta:mm\\:ss}");
        console.MarkupLine(Markup.Escape(line));
    }

    public void OnMessage(string message) => console.MarkupLine($"[yellow]{Markup.Escape(message)}[/]");

    public void OnStage(string stage) => console.MarkupLine($"[grey]» {Markup.Escape(stage)}[/]");

    public void OnDiagnostic(Diagnostic diagnostic) =>
        console.MarkupLine(diagnostic.IsError ? $"[red]{Markup.Escape(diagnostic.ToString())}[/]" : $"[yellow]{Markup.Escape(diagnostic.ToString())}[/]");

    public void OnGate(GateResult gate)
    {
        if (!gate.Passed)
        {
            var kind = gate.Severity == Core.Specs.Model.Severity.Error ? "error" : "warning";
            var line = $"{gate.Location.File}({gate.Location.Line},{gate.Location.Column}): {kind} MLOPS501: gate '{gate.Name}' failed: {gate.Message}";
            console.MarkupLine(gate.Severity == Core.Specs.Model.Severity.Error ? $"[red]{Markup.Escape(line)}[/]" : $"[yellow]{Markup.Escape(line)}[/]");
        }
    }
}
