using System.Text.RegularExpressions;
using MlOps.Tests.Shared;

namespace MlOps.Core.Tests.Docs;

/// <summary>Every MLOPS code in the source is in docs/error-codes.md, and the table names no code that does not exist.</summary>
public sealed partial class ErrorCodesDocumentedTests
{
    [GeneratedRegex("\"(MLOPS\\d{3})\"")]
    private static partial Regex CodeInSource();

    [GeneratedRegex(@"^\| (MLOPS\d{3}) \|", RegexOptions.Multiline)]
    private static partial Regex CodeInTable();

    [Fact]
    public void The_error_code_table_matches_the_codes_in_the_source()
    {
        var root = SourceTree.Root;
        var inSource = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => CodeInSource().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet();
        var documented = CodeInTable().Matches(File.ReadAllText(Path.Combine(root, "docs", "error-codes.md"))).Select(m => m.Groups[1].Value).ToHashSet();

        Assert.Empty(inSource.Except(documented).Order());
        Assert.Empty(documented.Except(inSource).Order());
    }
}
