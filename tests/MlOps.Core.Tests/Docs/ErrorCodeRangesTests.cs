using System.Globalization;
using System.Text.RegularExpressions;
using MlOps.Contracts.Diagnostics;
using MlOps.Tests.Shared;

namespace MlOps.Core.Tests.Docs;

/// <summary>The code ranges are one table in the source, and docs/error-codes.md heads its sections with the same ranges.</summary>
public sealed partial class ErrorCodeRangesTests
{
    [GeneratedRegex(@"^## (.+?) \((\d{3})–(\d{3})\)", RegexOptions.Multiline)]
    private static partial Regex RangeHeading();

    [Fact]
    public void The_documented_sections_are_the_ranges_in_the_source()
    {
        var documented = RangeHeading().Matches(File.ReadAllText(Path.Combine(SourceTree.Root, "docs", "error-codes.md")))
            .Select(m => new ErrorCodeRange(m.Groups[1].Value, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)));

        Assert.Equal(ErrorCodeRange.All, documented);
    }

    [Theory]
    [InlineData("MLOPS001", true)]
    [InlineData("MLOPS199", true)]
    [InlineData("MLOPS200", false)]
    [InlineData("MLOPS511", false)]
    [InlineData("MLOPS12", false)]
    [InlineData("MLOPS+12", false)]
    [InlineData("CS0103", false)]
    [InlineData(null, false)]
    public void A_spec_code_is_MLOPS_with_a_number_up_to_199(string? code, bool isSpec) =>
        Assert.Equal(isSpec, ErrorCodeRange.Spec.Contains(code));

    [Fact]
    public void The_ranges_cover_001_to_999_without_gaps() =>
        Assert.Equal(Enumerable.Range(1, 999), ErrorCodeRange.All.SelectMany(r => Enumerable.Range(r.First, r.Last - r.First + 1)));
}
