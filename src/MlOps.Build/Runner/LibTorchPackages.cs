using System.Runtime.InteropServices;

namespace MlOps.Build.Runner;

/// <summary>The native libtorch package a runner needs, by backend (MlOpsTorchBackend) and OS.</summary>
internal static class LibTorchPackages
{
    public const string DefaultVersion = "2.10.0";

    /// <returns>The package id, or null when the backend/OS pair has no package.</returns>
    public static string? For(string backend, OSPlatform os) => (backend.ToUpperInvariant(), os) switch
    {
        ("CPU", var o) when o == OSPlatform.Windows => "libtorch-cpu-win-x64",
        ("CPU", var o) when o == OSPlatform.OSX => "libtorch-cpu-osx-arm64",
        ("CPU", _) => "libtorch-cpu-linux-x64",
        ("CUDA", var o) when o == OSPlatform.Windows => "libtorch-cuda-12.8-win-x64",
        ("CUDA", var o) when o == OSPlatform.Linux => "libtorch-cuda-12.8-linux-x64",
        _ => null,
    };

    public static OSPlatform CurrentOs() =>
        OperatingSystem.IsWindows() ? OSPlatform.Windows : OperatingSystem.IsMacOS() ? OSPlatform.OSX : OSPlatform.Linux;
}
