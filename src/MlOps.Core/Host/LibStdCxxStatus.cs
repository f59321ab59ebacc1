using System.Runtime.InteropServices;
using System.Text;

namespace MlOps.Core.Host;

/// <summary>
/// Whether this machine's libstdc++ has GLIBCXX_3.4.32, which TorchSharp's native library asks for
/// (the build marks that requirement weak where it is missing; see MlOps.Build).
/// </summary>
public static class LibStdCxxStatus
{
    private const string Required = "GLIBCXX_3.4.32";

    public static string Describe()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            return "not used on this OS";
        }
        string[] candidates = ["/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6"];
        var path = candidates.FirstOrDefault(File.Exists);
        if (path is null)
        {
            return "not found";
        }
        // The trailing NUL keeps GLIBCXX_3.4.3 from matching GLIBCXX_3.4.32.
        var hasRequired = File.ReadAllBytes(path).AsSpan().IndexOf(Encoding.ASCII.GetBytes(Required + "\0")) >= 0;
        return hasRequired
            ? $"{path} has {Required}: TorchSharp loads as shipped"
            : $"{path} lacks {Required}: the build marks TorchSharp's requirement weak so it loads";
    }
}
