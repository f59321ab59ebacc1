namespace MlOps.Contracts.Host;

/// <summary>
/// Whether this machine's libstdc++ has GLIBCXX_3.4.32, which TorchSharp's native library asks for
/// (the build marks that requirement weak where it is missing; see MlOps.Build's LibTorchSharpCompat).
/// </summary>
public static class LibStdCxxStatus
{
    public const string RequiredVersion = "GLIBCXX_3.4.32";

    public static string Describe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "not used on this OS";
        }
        if (LibStdCxxProbe.Locate() is not { } path)
        {
            return "not found";
        }
        return LibStdCxxProbe.Defines(path, RequiredVersion)
            ? $"{path} has {RequiredVersion}: TorchSharp loads as shipped"
            : $"{path} lacks {RequiredVersion}: the build marks TorchSharp's requirement weak so it loads";
    }
}
