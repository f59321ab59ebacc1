using System.Runtime.InteropServices;
using MlOps.Build.Runner;

namespace MlOps.Build.Tests.Tasks;

public sealed class LibTorchPackagesTests
{
    public static TheoryData<string, string, string?> Cases => new()
    {
        { "cpu", "LINUX", "libtorch-cpu-linux-x64" },
        { "CPU", "WINDOWS", "libtorch-cpu-win-x64" },
        { "cpu", "OSX", "libtorch-cpu-osx-arm64" },
        { "cuda", "LINUX", "libtorch-cuda-12.8-linux-x64" },
        { "cuda", "WINDOWS", "libtorch-cuda-12.8-win-x64" },
        { "cuda", "OSX", null },
        { "rocm", "LINUX", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backend_and_OS_choose_the_native_package(string backend, string os, string? expected) =>
        Assert.Equal(expected, LibTorchPackages.For(backend, OSPlatform.Create(os)));
}
