using MlOps.Specs.Yaml;

namespace MlOps.Specs.Binding;

/// <summary>
/// Resolves a spec's input paths against the spec's folder and keeps them inside the repository:
/// '..', absolute paths and symlinks that lead out are refused unless explicitly allowed.
/// </summary>
internal sealed class SpecPathResolver(string specDirectory, string repositoryRoot, bool allowOutside)
{
    private const int MaxLinkHops = 40;
    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private readonly string _realRoot = RealPath(repositoryRoot, 0);

    public string RepositoryRoot { get; } = repositoryRoot;

    /// <summary>The absolute path, or null after reporting why the value is not a usable input path.</summary>
    public string? Resolve(SpecContext ctx, YNode node, string key, bool mustExist = true)
    {
        if (node is not YScalar s || s.Kind == ScalarKind.Null)
        {
            ctx.WrongType(key, "a file path (relative to the spec)", node);
            return null;
        }
        var value = s.Value;
        if (value.Trim().Length == 0 || value.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            ctx.Error(SpecErrorCodes.PathInvalid, $"'{key}' is not a usable file path: '{value}'", node);
            return null;
        }
        var full = Path.GetFullPath(value, specDirectory);
        if (!allowOutside && OutsideReason(value, full) is { } reason)
        {
            ctx.Error(SpecErrorCodes.PathOutsideRepository,
                $"'{key}' path '{value}' resolves outside the repository root '{RepositoryRoot}': {reason}; keep inputs inside the repository, or pass --allow-outside-repository to mlops validate and mlops run", node);
            return null;
        }
        if (mustExist && !File.Exists(full))
        {
            var what = Directory.Exists(full) ? "is a folder, expected a file" : "does not exist";
            ctx.Error(SpecErrorCodes.PathNotFound, $"'{key}' file '{value}' {what} (looked for '{full}'; paths are relative to the spec's folder)", node);
            return null;
        }
        if (File.Exists(full) && MlOps.Contracts.IO.FileKind.NotRegular(full) is { } kind)
        {
            // Reading a FIFO blocks until someone writes; /dev/zero never ends: inputs are regular files only.
            ctx.Error(SpecErrorCodes.PathNotFound, $"'{key}' file '{value}' is {kind}, not a regular file (looked for '{full}'); point it at a regular file", node);
            return null;
        }
        return full;
    }

    private string? OutsideReason(string written, string full)
    {
        if (!IsUnder(full, RepositoryRoot))
        {
            return Path.IsPathRooted(written) ? "it is an absolute path" : "its '..' segments leave the repository";
        }
        var real = RealPath(full, 0);
        return IsUnder(real, _realRoot) ? null : $"it goes through a symbolic link that points to '{real}'";
    }

    private static bool IsUnder(string path, string root)
    {
        var trimmedRoot = Path.TrimEndingDirectorySeparator(root);
        return path.Equals(trimmedRoot, PathComparison)
            || path.StartsWith(trimmedRoot + Path.DirectorySeparatorChar, PathComparison);
    }

    /// <summary>The path with every symbolic link along it resolved (missing parts are kept as written).</summary>
    private static string RealPath(string full, int depth)
    {
        var root = Path.GetPathRoot(full) ?? "/";
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is { } target && depth < MaxLinkHops)
            {
                next = RealPath(Path.GetFullPath(target, current), depth + 1);
            }
            current = next;
        }
        return current;
    }
}
