using System.Text;
using MlOps.Contracts.Results;
using MlOps.Core.Reporting;

namespace MlOps.Core.Tests.Reporting;

public sealed class GenerationSectionTests
{
    private static string Render(params GenerationExample[] examples)
    {
        var md = new StringBuilder();
        GenerationSection.Append(md, SampleRun.Create() with { GenerationExamples = examples });
        return md.ToString();
    }

    [Fact]
    public void Rows_are_escaped_so_model_output_cannot_break_the_table_or_inject_markup()
    {
        var md = Render(new GenerationExample(3, "Q: a|b\nnext", "<b>x</b>", null, "[link](http://x) @team `code`"));

        var row = md.Split('\n').Single(l => l.StartsWith("| 3 |", StringComparison.Ordinal));
        Assert.Equal("| 3 | Q: a\\|b next | &lt;b&gt;x&lt;/b&gt; | – | \\[link\\]\\(http://x\\) @\u200Bteam \\`code\\` |", row);
        Assert.Contains("## Generations", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_text_is_cut_with_an_ellipsis_and_empty_output_is_shown()
    {
        var md = Render(new GenerationExample(1, new string('a', 500), "ok", "", "b"));

        Assert.Contains("| 1 | " + new string('a', GenerationSection.MaxCharacters) + "… | ok | *(empty)* | b |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void No_examples_no_section() => Assert.Equal("", Render());
}
