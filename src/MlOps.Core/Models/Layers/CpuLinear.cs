using System.Runtime.InteropServices;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Layers;

/// <summary>
/// y = x·Wᵀ + b, as <c>nn.functional.linear</c>, but on the CPU in float32 through libtorch's own oneDNN
/// (its inner-product primitives, forward and both backward passes under autograd) rather than its
/// bundled MKL. Why: on AMD processors MKL takes a generic sgemm path (~95 GFLOP/s a core on this
/// machine's AVX-512 EPYC) while oneDNN's brgemm kernels pick their ISA by CPUID features, not vendor
/// (~150–200 GFLOP/s). The decoder benchmark trains 1.5× faster this way (benchmarks/README.md).
/// Results are IEEE float32 either way: only the summation order differs (errors against float64 of the
/// same order as MKL's, tested).
/// <para>
/// Only on x64, and only for products big enough to repay oneDNN's per-shape set-up (a primitive is
/// built and cached per shape, ~2 ms); small ones, other types and devices, Arm processors, and every
/// call after a failed one use <c>nn.functional.linear</c>. <c>MLOPS_ONEDNN_LINEAR=0</c> turns it off.
/// </para>
/// </summary>
internal static class CpuLinear
{
    /// <summary>rows · out · in multiply-adds from which oneDNN is used (2^25: ~0.3 ms of work, about a primitive's set-up).</summary>
    internal const long DefaultMinimumWork = 1L << 25;

    // TorchScript reaches the aten ops TorchSharp does not bind; autograd records them as usual
    // (mkldnn_linear's derivative is oneDNN's backward-data and backward-weights primitives).
    private const string Script = """
        def linear(x: Tensor, w: Tensor, b: Optional[Tensor]) -> Tensor:
            flat = x.reshape(-1, x.size(-1))
            y = torch.mkldnn_linear(flat.to_mkldnn(), w, b).to_dense()
            return y.reshape(x.shape[:-1] + [w.size(0)])

        """;

    private static readonly object Gate = new();
    private static jit.CompilationUnit? unit;
    private static long oneDnnCalls;
    private static bool off = !Supported;

    /// <summary>
    /// x64 without <c>MLOPS_ONEDNN_LINEAR=0</c>. Not on Arm: there (Apple silicon) libtorch multiplies
    /// through Accelerate, which oneDNN does not beat. (Computed, not stored: <c>off</c>'s initializer reads it.)
    /// </summary>
    internal static bool Supported => Environment.GetEnvironmentVariable("MLOPS_ONEDNN_LINEAR") != "0"
        && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    /// <summary>False where not <see cref="Supported"/>, and once a oneDNN call failed: every product then uses linear.</summary>
    internal static bool Available => !off;

    /// <summary>How many products oneDNN has computed in this process (tests check that it was used).</summary>
    internal static long OneDnnCalls => Interlocked.Read(ref oneDnnCalls);

    /// <summary>Tests lower it to send small products through oneDNN too.</summary>
    internal static long MinimumWork { get; set; } = DefaultMinimumWork;

    /// <summary>A module's forward, through <see cref="Apply"/> when it is a plain Linear (LoRA and others run their own forward).</summary>
    public static Tensor Forward(nn.Module<Tensor, Tensor> module, Tensor x) =>
        module is Linear linear ? Apply(x, linear.weight!, linear.bias) : module.forward(x);

    public static Tensor Apply(Tensor x, Tensor weight, Tensor? bias)
    {
        if (!Takes(x, weight, bias))
        {
            return nn.functional.linear(x, weight, bias);
        }
        try
        {
            var y = (Tensor)Unit().invoke("linear", x, weight, bias);
            Interlocked.Increment(ref oneDnnCalls);
            return y;
        }
        catch (Exception e) when (e is ExternalException or InvalidOperationException)
        {
            // A libtorch built without oneDNN (or refusing these inputs): the usual path from now on.
            off = true;
            return nn.functional.linear(x, weight, bias);
        }
    }

    /// <summary>Whether <see cref="Apply"/> sends these operands through oneDNN.</summary>
    internal static bool Takes(Tensor x, Tensor weight, Tensor? bias) =>
        !off
        && x.device_type == DeviceType.CPU && weight.device_type == DeviceType.CPU
        && x.dtype == ScalarType.Float32 && weight.dtype == ScalarType.Float32
        && (bias is null || bias.dtype == ScalarType.Float32)
        && x.dim() >= 2 && weight.dim() == 2
        && x.numel() / Math.Max(1, x.shape[^1]) * weight.shape[0] * weight.shape[1] >= MinimumWork;

    private static jit.CompilationUnit Unit()
    {
        lock (Gate)
        {
            return unit ??= jit.compile(Script);
        }
    }
}
