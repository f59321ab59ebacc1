using System.Text;
using System.Text.RegularExpressions;

namespace MlOps.Cli.Commands;

/// <summary>
/// Turns the spec arguments a user types into spec files: a file as given, a folder as every
/// *.yaml / *.yml under it, and a glob (<c>specs/*.yaml</c>, <c>specs/**/*.yaml</c>) as the files it
/// matches. Shells expand unquoted globs themselves; this covers quoted ones, Windows shells and folders.
/// </summary>
internal static class SpecPaths
{
    private static readonly string[] SpecExtensions = [".yaml", ".yml"];

    /// <returns>The files in argument order (each folder or glob sorted, no duplicates), and one message per argument that named nothing.</returns>
    public static (IReadOnlyList<string> Files, IReadOnlyList<string> Problems) Expand(IEnumerable<string> arguments)
    {
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var argument in arguments)
        {
            var matches = Match(argument);
            if (matches is null)
            {
                problems.Add($"'{argument}' is not a file, a folder or a glob that matches a spec (*.yaml, *.yml)");
                continue;
            }
            files.AddRange(matches.Where(m => seen.Add(Path.GetFullPath(m))));
        }
        return (files, problems);
    }

    /// <returns>What the argument names, or null when it names nothing.</returns>
    private static List<string>? Match(string argument)
    {
        if (string.IsNullOrWhiteSpace(argument))
        {
            return null; // `validate ""`: names nothing, and no path API accepts it
        }
        if (File.Exists(argument))
        {
            return [argument];
        }
        if (Directory.Exists(argument))
        {
            var specs = Under(argument, "**/*").Where(IsSpec).ToList();
            return specs.Count == 0 ? null : specs;
        }
        if (argument.IndexOfAny(['*', '?']) < 0)
        {
            return [argument]; // a missing file: the loader reports it on the file, as before
        }
        var (folder, pattern) = SplitAtFirstWildcard(argument);
        if (!Directory.Exists(folder.Length == 0 ? "." : folder))
        {
            return null;
        }
        var matches = Under(folder, pattern).ToList();
        return matches.Count == 0 ? null : matches;
    }

    private static bool IsSpec(string path) => SpecExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>Files under <paramref name="folder"/> whose relative path matches <paramref name="pattern"/>, sorted, spelled as folder + relative path.</summary>
    private static IEnumerable<string> Under(string folder, string pattern)
    {
        var regex = GlobRegex(pattern);
        var root = folder.Length == 0 ? "." : folder;
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(relative => regex.IsMatch(relative))
            .Order(StringComparer.Ordinal)
            .Select(relative => folder.Length == 0 ? relative : Path.Combine(folder, relative));
    }

    private static (string Folder, string Pattern) SplitAtFirstWildcard(string glob)
    {
        var normalized = glob.Replace('\\', '/');
        var wildcard = normalized.IndexOfAny(['*', '?']);
        var slash = normalized.LastIndexOf('/', wildcard);
        return slash < 0 ? ("", normalized) : (normalized[..slash], normalized[(slash + 1)..]);
    }

    /// <summary>`**/` is any number of folders, `*` any name part, `?` one character; nothing else is special.</summary>
    private static Regex GlobRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                var slashFollows = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(slashFollows ? "(?:.*/)?" : ".*");
                i += slashFollows ? 2 : 1;
            }
            else
            {
                regex.Append(pattern[i] switch { '*' => "[^/]*", '?' => "[^/]", var c => Regex.Escape(c.ToString()) });
            }
        }
        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant | (OperatingSystem.IsWindows() ? RegexOptions.IgnoreCase : RegexOptions.None));
    }
}
