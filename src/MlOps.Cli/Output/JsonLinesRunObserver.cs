using System.Text.Json;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Evaluation;
using MlOps.Core.Gates;
using MlOps.Core.Pipeline;

namespace MlOps.Cli.Output;

/// <summary>
/// `--events jsonl`: one JSON object per line on stdout, the contract the MSBuild task and the
/// GitHub Action read (docs/events.md).
/// </summary>
internal sealed class JsonLinesRunObserver(TextWriter output) : IRunObserver
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
    private readonly Lock gate = new();

    public void Emit(object payload)
    {
        var line = JsonSerializer.Serialize(payload, Options);
        lock (gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    public void OnStart(int firstEpoch, int epochs, long batchesPerEpoch) =>
        Emit(new { Event = "start", FirstEpoch = firstEpoch, Epochs = epochs, BatchesPerEpoch = batchesPerEpoch });

    public void OnBatch(int epoch, long batch, long batchesPerEpoch, double loss, double learningRate) { }

    public void OnEpoch(EpochRecord record, int epochs, TimeSpan eta) =>
        Emit(new
        {
            Event = "epoch",
            record.Epoch,
            Epochs = epochs,
            record.TrainLoss,
            record.ValLoss,
            Lr = record.LearningRate,
            // The losses have their own fields; metrics holds the val_<metric> values.
            Metrics = record.Metrics.Where(m => m.Key is not ("train_loss" or "val_loss")).ToDictionary(),
            EtaSeconds = Math.Round(eta.TotalSeconds, 1),
        });

    public void OnMessage(string message) => Emit(new { Event = "message", Message = message });

    public void OnStage(string stage) => Emit(new { Event = "stage", Stage = stage });

    public void OnDiagnostic(Diagnostic diagnostic) => Emit(new
    {
        Event = "diagnostic",
        Severity = diagnostic.IsError ? "error" : "warning",
        diagnostic.Code,
        diagnostic.Message,
        diagnostic.Location.File,
        diagnostic.Location.Line,
        diagnostic.Location.Column,
    });

    public void OnGate(GateResult gate) => Emit(new
    {
        Event = "gate",
        Code = gate.Passed ? null : gate.Severity == Severity.Error ? GateErrorCodes.GateFailed : GateErrorCodes.GateWarning,
        gate.Name,
        gate.Passed,
        Severity = gate.Severity.ToString().ToLowerInvariant(),
        gate.Message,
        gate.Actual,
        gate.Threshold,
        gate.Location.File,
        gate.Location.Line,
        gate.Location.Column,
    });

    public void OnResult(RunOutcome outcome) => Emit(new
    {
        Event = "result",
        Verdict = outcome.Result is { } result ? JsonName.Of(result.Verdict) : outcome.ExitCode == ExitCodes.Interrupted ? JsonName.Of(RunVerdict.Stopped) : "error",
        ExitCode = outcome.ExitCode,
        outcome.ResultPath,
        RunId = outcome.Result?.Tracking?.RunId,
    });
}
