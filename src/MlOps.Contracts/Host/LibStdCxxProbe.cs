using System.Runtime.InteropServices;
using System.Text;

namespace MlOps.Contracts.Host;

/// <summary>Finds the machine's libstdc++ and tells whether it defines a given GLIBCXX version.</summary>
public static class LibStdCxxProbe
{
    private static readonly string[] Candidates =
    [
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
    ];

    /// <summary>The libstdc++ the dynamic loader would pick, or null when none is found (not Linux).</summary>
    public static string? Locate()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            return null;
        }
        return Candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>True when the library's version definitions include <paramref name="version"/>.</summary>
    public static bool Defines(string libraryPath, string version)
    {
        // Version names live in .dynstr as NUL-terminated strings; the trailing NUL keeps
        // GLIBCXX_3.4.3 from matching GLIBCXX_3.4.32.
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        return File.ReadAllBytes(libraryPath).AsSpan().IndexOf(needle) >= 0;
    }
}
