using System.Diagnostics;

namespace MlOps.Build.Tasks;

/// <summary>
/// Which epoch lines a default-verbosity build shows: about ten per run (every N epochs), the last
/// one, and any epoch that ends ten seconds or more after the last line shown.
/// </summary>
internal sealed class ProgressThrottle(Func<TimeSpan>? clock = null)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private const int LinesPerRun = 10;

    private readonly Func<TimeSpan> _clock = clock ?? StartClock();
    private TimeSpan _lastShown;

    private static Func<TimeSpan> StartClock()
    {
        var watch = Stopwatch.StartNew();
        return () => watch.Elapsed;
    }

    public void Started() => _lastShown = _clock();

    public bool Shows(int epoch, int epochs)
    {
        var every = Math.Max(1, (epochs + LinesPerRun - 1) / LinesPerRun);
        var now = _clock();
        if (epoch >= epochs || epoch % every == 0 || now - _lastShown >= Interval)
        {
            _lastShown = now;
            return true;
        }
        return false;
    }
}
