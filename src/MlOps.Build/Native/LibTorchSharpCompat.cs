using MlOps.Contracts.Host;

namespace MlOps.Build.Native;

/// <summary>
/// TorchSharp 0.107's libLibTorchSharp.so requires GLIBCXX_3.4.32 for one symbol,
/// <c>_ZSt21ios_base_library_initv</c>, a link-time marker that is never called. Debian 12 and
/// Ubuntu 22.04 ship 3.4.30, so the library fails to load there. Marking that requirement weak
/// lets the loader accept it, and changes nothing on machines that have the version.
/// </summary>
public static class LibTorchSharpCompat
{
    public const string LibraryName = "libLibTorchSharp.so";
    public const string MissingVersion = LibStdCxxStatus.RequiredVersion;

    public enum Outcome { Patched, AlreadyWeak, NotRequired }

    /// <summary>True when this machine's libstdc++ lacks the version (so patching is needed).</summary>
    public static bool IsNeededOnThisMachine()
    {
        var libstdcxx = LibStdCxxProbe.Locate();
        return libstdcxx is not null && !LibStdCxxProbe.Defines(libstdcxx, MissingVersion);
    }

    /// <summary>Patches one file in place, atomically (temp file + rename), only when it changes.</summary>
    public static Outcome Patch(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var requirements = ElfVersionNeeds.Read(bytes);
        if (!requirements.Any(r => r.Version == MissingVersion))
        {
            return Outcome.NotRequired;
        }
        if (!ElfVersionNeeds.MarkWeak(bytes, MissingVersion))
        {
            return Outcome.AlreadyWeak;
        }
        var temp = path + ".mlops-tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
        return Outcome.Patched;
    }
}
