using MlOps.Contracts.IO;

namespace MlOps.Specs.Hub;

/// <summary>The tokenizer files of a Hugging Face folder: what makes a folder a tokenizer folder, and what a fingerprint reads.</summary>
public static class TokenizerFolder
{
    /// <summary>The file names that make a folder a tokenizer folder.</summary>
    public static readonly IReadOnlyList<string> Names = TokenizerFileNames.Vocabularies;

    /// <summary>The files a tokenizer path stands for (for fingerprints): its vocabulary files and their configs.</summary>
    public static IEnumerable<string> InputFiles(string? path)
    {
        if (path is null)
        {
            return [];
        }
        var folder = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
        string[] names = [.. Names, .. TokenizerFileNames.Companions];
        var files = names.Select(n => Path.Combine(folder, n)).Where(File.Exists);
        return Directory.Exists(path) ? files : files.Prepend(path).Distinct();
    }

    public static bool Holds(string folder) =>
        Directory.Exists(folder) && Names.Any(f => File.Exists(Path.Combine(folder, f)));
}
