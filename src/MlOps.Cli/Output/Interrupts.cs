using System.Runtime.InteropServices;

namespace MlOps.Cli.Output;

/// <summary>
/// Ctrl+C and SIGTERM ask the run to stop at the next safe point (after saving a checkpoint);
/// a second Ctrl+C ends the process at once.
/// </summary>
internal sealed class Interrupts : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly PosixSignalRegistration sigterm;
    private int presses;

    public Interrupts()
    {
        Console.CancelKeyPress += OnCancelKey;
        sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            source.Cancel();
        });
    }

    public CancellationToken Token => source.Token;

    private void OnCancelKey(object? sender, ConsoleCancelEventArgs e)
    {
        if (Interlocked.Increment(ref presses) == 1)
        {
            e.Cancel = true;
            Console.Error.WriteLine("stopping after the current batch (checkpoint will be saved); press Ctrl+C again to abort now");
            source.Cancel();
        }
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKey;
        sigterm.Dispose();
        source.Dispose();
    }
}
