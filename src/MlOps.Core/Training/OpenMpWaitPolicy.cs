using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MlOps.Core.Training;

/// <summary>
/// Lets libtorch's OpenMP threads sleep, not spin, while they wait at the end of a parallel region
/// (<c>OMP_WAIT_POLICY=PASSIVE</c>), unless the environment already names a policy. libgomp reads the
/// variable once, when libtorch loads, so it is set when this assembly loads, before any torch call
/// of ours. Why: on a machine shared with other work (more runnable threads than cores) a spinning
/// thread burns the time slice its partner needs to finish its half; training the benchmark's 21.6M
/// decoder with 2 threads at load 25 on 2 cores ran 5× faster this way (benchmarks/README.md).
/// Results are unchanged: the policy decides how threads wait, not how work is split.
/// </summary>
internal static class OpenMpWaitPolicy
{
#pragma warning disable CA2255 // libgomp reads its settings once, when libtorch loads: this must run before any torch call
    [ModuleInitializer]
    internal static void Apply()
#pragma warning restore CA2255
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            return; // libgomp is the Linux libtorch's OpenMP
        }
        try
        {
            // Native setenv: .NET's Environment.SetEnvironmentVariable does not reach getenv on Unix.
            // overwrite 0: a policy the user set wins.
            _ = SetEnv("OMP_WAIT_POLICY", "PASSIVE", 0);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // no libc setenv: libgomp keeps its default
        }
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPStr)] string name, [MarshalAs(UnmanagedType.LPStr)] string value, int overwrite);
}
