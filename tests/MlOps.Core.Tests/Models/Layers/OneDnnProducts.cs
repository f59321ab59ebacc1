using MlOps.Core.Models.Layers;

namespace MlOps.Core.Tests.Models.Layers;

/// <summary>
/// For reference tests whose tiny models are below <see cref="CpuLinear"/>'s threshold: while in scope,
/// every CPU float32 product goes through oneDNN when <c>forced</c> and supported (none is otherwise), and
/// <see cref="Calls"/> says how many did. Torch tests run alone (TorchCollection), so the switch is safe.
/// </summary>
internal sealed class OneDnnProducts : IDisposable
{
    private readonly long before = CpuLinear.OneDnnCalls;

    public OneDnnProducts(bool forced) => CpuLinear.MinimumWork = forced ? 0 : CpuLinear.DefaultMinimumWork;

    public long Calls => CpuLinear.OneDnnCalls - before;

    /// <summary>Whether oneDNN should have run: forced, on a machine CpuLinear supports (x64, not turned off).</summary>
    public static bool Expected(bool forced) => forced && CpuLinear.Supported;

    public void Dispose() => CpuLinear.MinimumWork = CpuLinear.DefaultMinimumWork;
}
