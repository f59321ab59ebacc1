using System.Text.RegularExpressions;
using MlOps.Specs;
using MlOps.Tests.Shared;

namespace MlOps.Specs.Tests;

/// <summary>
/// Every malformed spec in Corpus/ names, on its first line, the diagnostic it must produce
/// (`# expect: MLOPS012 5:3`); the loader must report that code at exactly that place, and no spec
/// of the corpus may load.
/// </summary>
public sealed partial class SpecCorpusTests
{
    private static readonly string CorpusFolder = Path.Combine(AppContext.BaseDirectory, "Corpus");

    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(CorpusFolder, "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    [Fact]
    public void The_corpus_holds_at_least_forty_malformed_specs() => Assert.True(CorpusFiles().Count >= 40);

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Each_malformed_spec_reports_its_expected_diagnostic_at_its_place(string fileName)
    {
        var path = Path.Combine(CorpusFolder, fileName);
        var header = File.ReadLines(path).First();
        var expect = ExpectPattern().Match(header);
        Assert.True(expect.Success, $"{fileName}: first line must be '# expect: MLOPS### line:col', found '{header}'");

        var result = SpecLoader.Load(path, new SpecLoadOptions { RepositoryRoot = CorpusFolder });

        Assert.Null(result.Spec);
        var diagnostic = DiagnosticAssert.Has(result, expect.Groups[1].Value, int.Parse(expect.Groups[2].Value), int.Parse(expect.Groups[3].Value));
        Assert.True(diagnostic.IsError);
        Assert.Equal(path, diagnostic.Location.File);
    }

    [GeneratedRegex(@"^# expect: (MLOPS\d{3}) (\d+):(\d+)")]
    private static partial Regex ExpectPattern();
}
