using System.Globalization;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Gates;
using MlOps.Core.Pipeline;
using Spectre.Console;

namespace MlOps.Cli.Output;

/// <summary>
/// Progress for people: a live bar in a terminal, one plain line per epoch when output is
/// redirected (CI logs). Diagnostics always go out in MSBuild's canonical format, one unwrapped
/// line each, so MSBuild and problem matchers can parse them.
/// </summary>
internal sealed class ConsoleRunObserver(IAnsiConsole console, bool live, TextWriter plain) : IRunObserver
{
    private ProgressTask? task;

    /// <summary>Colour in a terminal; plain, never wrapped, when redirected. Always one line: data in it cannot start a line of its own.</summary>
    private void Line(string text, string? style = null)
    {
        text = PrintableText.OneLine(text);
        if (live)
        {
            console.MarkupLine(style is null ? Markup.Escape(text) : $"[{style}]{Markup.Escape(text)}[/]");
        }
        else
        {
            plain.WriteLine(text);
        }
    }

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
            Line($"training: epochs {firstEpoch}..{epochs}, {batchesPerEpoch} batches each");
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
        Line(line);
    }

    public void OnMessage(string message) => Line(message, "yellow");

    public void OnStage(string stage) => Line("» " + stage, "grey");

    public void OnDiagnostic(Diagnostic diagnostic) => Line(diagnostic.ToString(), diagnostic.IsError ? "red" : "yellow");

    public void OnGate(GateResult gate)
    {
        foreach (var diagnostic in GateDiagnostics.From([gate]))
        {
            OnDiagnostic(diagnostic);
        }
    }
}
