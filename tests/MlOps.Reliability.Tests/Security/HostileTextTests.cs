using System.Text.RegularExpressions;
using System.Xml.Linq;
using MlOps.Reliability.Tests.Infrastructure;

namespace MlOps.Reliability.Tests.Security;

/// <summary>
/// Labels and column names come from data a contributor controls; report.md is posted as a PR
/// comment and junit.xml read by CI. Neither may carry live HTML, links, mentions or broken tables.
/// </summary>
public sealed partial class HostileTextTests : IDisposable
{
    private const string Script = "<script>alert(1)</script>";
    private const string Link = "[x](javascript:alert(1))";
    private readonly SampleRepo repo = new();

    public void Dispose() => repo.Dispose();

    private (string Markdown, string Junit) RunWith(string yes, string no, string featureColumn)
    {
        var csv = TinySpec.Csv(label: i => i % 2 == 1 ? Quote(yes) : Quote(no), header: $"a,{Quote(featureColumn)},label");
        var spec = TinySpec.Write(repo, csv: csv, extra: "evaluation: { metrics: [accuracy, macro_f1] }");
        var output = Path.Combine(repo.Root, "out");
        var result = Mlops.Run(spec, output);
        Assert.True(result.Exit is 0 or 1, result.All);
        return (File.ReadAllText(Path.Combine(output, "report.md")), File.ReadAllText(Path.Combine(output, "junit.xml")));
    }

    private static string Quote(string field) => "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    [Fact]
    public void Script_tags_links_pipes_backticks_and_mentions_in_labels_are_inert_in_report_md()
    {
        var (markdown, _) = RunWith($"{Script} | `rm -rf` | @admin", $"{Link} @org/team", "col|`x`");

        Assert.DoesNotContain("<script", markdown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("](javascript:", markdown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(MentionPattern(), markdown);
        Assert.DoesNotContain("`rm -rf`", markdown, StringComparison.Ordinal);
        AssertTablesKeepTheirShape(markdown);
    }

    [Fact]
    public void The_same_labels_leave_junit_xml_well_formed_with_the_text_escaped()
    {
        var (_, junit) = RunWith($"{Script} & \u0001", $"{Link} ]]> <!--", "col<x>");

        var document = XDocument.Parse(junit);
        Assert.NotNull(document.Root);
        Assert.DoesNotContain("<script", junit, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<!--", junit, StringComparison.Ordinal);
    }

    /// <summary>Every row of a table has as many unescaped '|' as its header: no label splits a cell.</summary>
    private static void AssertTablesKeepTheirShape(string markdown)
    {
        int? expected = null;
        foreach (var line in markdown.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (!line.StartsWith('|'))
            {
                expected = null;
                continue;
            }
            var pipes = UnescapedPipe().Matches(line).Count;
            expected ??= pipes;
            Assert.True(expected == pipes, $"table row with {pipes} cells borders instead of {expected}: {line}");
        }
    }

    /// <summary>@name at a word start is a GitHub mention that notifies someone.</summary>
    [GeneratedRegex(@"(^|[\s(])@[A-Za-z0-9]")]
    private static partial Regex MentionPattern();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex UnescapedPipe();
}
