using System.Text;

namespace MlOps.Mlflow.FileStore;

/// <summary>Whole-file writes that readers never see half done: write a temp file, then rename over.</summary>
internal static class AtomicFile
{
    /// <summary>Temp files start with it; a crash may leave one in .trash/, which MLflow ignores.</summary>
    public const string TempPrefix = ".mlflow-dotnet-tmp-";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The temp file lives in <paramref name="tempDirectory"/> (same volume, ignored by MLflow's readers).</summary>
    public static void WriteAllText(string path, string text, string tempDirectory)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Directory.CreateDirectory(tempDirectory);
        var temp = Path.Combine(tempDirectory, $"{TempPrefix}{Guid.NewGuid():N}");
        File.WriteAllText(temp, text, Utf8);
        File.Move(temp, path, overwrite: true);
    }

    public static void Copy(string source, string path, string tempDirectory)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Directory.CreateDirectory(tempDirectory);
        var temp = Path.Combine(tempDirectory, $"{TempPrefix}{Guid.NewGuid():N}");
        File.Copy(source, temp, overwrite: true);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Appends in one write call; callers hold the run's lock so lines never interleave.</summary>
    public static void Append(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        var bytes = Utf8.GetBytes(text);
        stream.Write(bytes, 0, bytes.Length);
        stream.Flush(flushToDisk: false);
    }
}
