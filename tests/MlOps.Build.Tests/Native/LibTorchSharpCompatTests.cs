using Microsoft.Build.Utilities;
using MlOps.Build.Native;
using MlOps.Build.Tasks;
using MlOps.Build.Tests.Infrastructure;

namespace MlOps.Build.Tests.Native;

/// <summary>
/// The GLIBCXX_3.4.32 fix on the real libLibTorchSharp.so of the TorchSharp package (copied, as
/// shipped, into this test's output by the MlOps.Core reference).
/// </summary>
public sealed class LibTorchSharpCompatTests : IDisposable
{
    private readonly TempFolder temp = new();

    private string FreshCopy()
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", LibTorchSharpCompat.LibraryName);
        var copy = Path.Combine(temp.Path, LibTorchSharpCompat.LibraryName);
        File.Copy(shipped, copy, overwrite: true);
        return copy;
    }

    [Fact]
    public void The_shipped_library_requires_the_version_strictly()
    {
        var requirement = Assert.Single(ElfVersionNeeds.Read(File.ReadAllBytes(FreshCopy())), r => r.Version == LibTorchSharpCompat.MissingVersion);

        Assert.Equal("libstdc++.so.6", requirement.File);
        Assert.False(requirement.IsWeak);
    }

    [Fact]
    public void Patching_marks_only_that_requirement_weak_and_keeps_the_size()
    {
        var path = FreshCopy();
        var before = ElfVersionNeeds.Read(File.ReadAllBytes(path));
        var size = new FileInfo(path).Length;

        Assert.Equal(LibTorchSharpCompat.Outcome.Patched, LibTorchSharpCompat.Patch(path));

        var after = ElfVersionNeeds.Read(File.ReadAllBytes(path));
        Assert.Equal(size, new FileInfo(path).Length);
        Assert.Equal(before.Count, after.Count);
        foreach (var (old, now) in before.Zip(after))
        {
            var expectedFlags = old.Version == LibTorchSharpCompat.MissingVersion ? (ushort)(old.Flags | ElfVersionNeeds.WeakFlag) : old.Flags;
            Assert.Equal((old.File, old.Version, expectedFlags), (now.File, now.Version, now.Flags));
        }
    }

    [Fact]
    public void Patching_twice_leaves_the_file_alone()
    {
        var path = FreshCopy();
        LibTorchSharpCompat.Patch(path);
        var written = File.GetLastWriteTimeUtc(path);
        var bytes = File.ReadAllBytes(path);

        Assert.Equal(LibTorchSharpCompat.Outcome.AlreadyWeak, LibTorchSharpCompat.Patch(path));

        Assert.Equal(bytes, File.ReadAllBytes(path));
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void A_file_that_is_not_elf_is_a_clear_build_error()
    {
        var engine = new FakeBuildEngine();
        var bogus = temp.File(LibTorchSharpCompat.LibraryName, "not a shared library");
        var task = new PatchLibTorchSharp { BuildEngine = engine, Files = [new TaskItem(bogus)], Force = true };

        Assert.False(task.Execute());

        var error = Assert.Single(engine.Errors);
        Assert.Equal("MLOPS901", error.Code);
        Assert.Contains("not an ELF file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_task_patches_the_copies_it_is_given()
    {
        var path = FreshCopy();
        var task = new PatchLibTorchSharp { BuildEngine = new FakeBuildEngine(), Files = [new TaskItem(path)], Force = true };

        Assert.True(task.Execute());

        Assert.True(ElfVersionNeeds.Read(File.ReadAllBytes(path)).Single(r => r.Version == LibTorchSharpCompat.MissingVersion).IsWeak);
    }

    public void Dispose() => temp.Dispose();
}
