using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MlOps.Core.Training;

namespace MlOps.Core.Tests.Training;

/// <summary>
/// libtorch's OpenMP threads wait passively once MlOps.Core is loaded (libgomp reads OMP_WAIT_POLICY
/// from the native environment when libtorch loads), unless the environment already named a policy.
/// </summary>
public sealed class OpenMpWaitPolicyTests
{
    [Fact]
    public void Native_environment_asks_OpenMP_to_wait_passively_unless_the_user_chose()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            return;
        }
        var apply = typeof(OpenMpWaitPolicy).GetMethod(nameof(OpenMpWaitPolicy.Apply), BindingFlags.Static | BindingFlags.NonPublic)!;
        Assert.NotNull(apply.GetCustomAttribute<ModuleInitializerAttribute>()); // runs when MlOps.Core loads, before any torch call of ours
        OpenMpWaitPolicy.Apply(); // again: it must not override a value already there
        var chosen = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY"); // the managed copy: what the process started with

        Assert.Equal(chosen ?? "PASSIVE", Marshal.PtrToStringAnsi(GetEnv("OMP_WAIT_POLICY")));
    }

    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr GetEnv([MarshalAs(UnmanagedType.LPStr)] string name);
}
