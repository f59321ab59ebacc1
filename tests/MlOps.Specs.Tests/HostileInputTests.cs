using System.Diagnostics;
using System.Text;
using MlOps.Specs;
using MlOps.Specs.Yaml;
using MlOps.Tests.Shared;

namespace MlOps.Specs.Tests;

/// <summary>Input an attacker or an accident could produce: each is one clear error, never a crash or a hang.</summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly SpecSandbox _box = new();

    public void Dispose() => _box.Dispose();

    private SpecLoadResult LoadBytes(byte[] bytes)
    {
        var path = Path.Combine(_box.Root, "spec.yaml");
        File.WriteAllBytes(path, bytes);
        return SpecLoader.Load(path);
    }

    [Fact]
    public void A_missing_spec_file_is_an_error_naming_it()
    {
        var result = SpecLoader.Load(Path.Combine(_box.Root, "nope.yaml"));
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(SpecErrorCodes.SpecFileNotFound, d.Code);
        Assert.Contains("nope.yaml", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_refused_at_line_1()
    {
        var d = Assert.Single(LoadBytes([]).Diagnostics);
        Assert.Equal((SpecErrorCodes.EmptySpec, 1, 1), (d.Code, d.Location.Line, d.Location.Column));
    }

    [Fact]
    public void A_document_that_is_only_null_is_empty()
    {
        var d = Assert.Single(_box.Load("---\n~\n").Diagnostics);
        Assert.Equal(SpecErrorCodes.EmptySpec, d.Code);
    }

    [Fact]
    public void A_file_over_one_mebibyte_is_refused_before_parsing()
    {
        // Not even valid YAML: a parse would report a syntax error, the size check must come first.
        var bytes = Encoding.UTF8.GetBytes("name: [" + new string('x', (int)SpecText.MaxBytes) + "\n");
        var d = Assert.Single(LoadBytes(bytes).Diagnostics);
        Assert.Equal(SpecErrorCodes.SpecFileTooLarge, d.Code);
        Assert.Contains("1 MiB", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_names_the_byte_offset_and_its_line_and_column()
    {
        var bytes = Encoding.UTF8.GetBytes("name: demo\nbase: é").Concat(new byte[] { 0xC3, 0x28 }).ToArray();
        var d = Assert.Single(LoadBytes(bytes).Diagnostics);
        Assert.Equal((SpecErrorCodes.NotUtf8, 2, 8), (d.Code, d.Location.Line, d.Location.Column));
        Assert.Contains("byte offset 19", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Utf16_is_recognised_by_its_byte_order_mark()
    {
        var d = Assert.Single(LoadBytes(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("name: x\n")).ToArray()).Diagnostics);
        Assert.Equal(SpecErrorCodes.NotUtf8, d.Code);
        Assert.Contains("UTF-16", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_accepted()
    {
        var text = "name: demo\nbase: {model: mlp}\ndata: {train: data/train.csv}\ntraining: {epochs: 20}\n";
        DiagnosticAssert.Clean(LoadBytes([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]));
    }

    [Fact]
    public void Every_tab_indented_line_is_reported()
    {
        var result = _box.Load("name: demo\nbase:\n\tmodel: mlp\ndata:\n  \ttrain: x\n");
        DiagnosticAssert.Has(result, SpecErrorCodes.TabIndentation, 3, 1);
        DiagnosticAssert.Has(result, SpecErrorCodes.TabIndentation, 5, 3);
        Assert.Equal(2, result.Diagnostics.Count);
    }

    [Fact]
    public void Billion_laughs_is_refused_quickly()
    {
        var yaml = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 'b'; level <= 'j'; level++)
        {
            var previous = (char)(level - 1);
            yaml.Append(level).Append(": &").Append(level).Append(" [")
                .AppendJoin(", ", Enumerable.Repeat("*" + previous, 9)).Append("]\n");
        }
        var watch = Stopwatch.StartNew();
        var result = _box.Load(yaml.ToString());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(SpecErrorCodes.AliasExpansionLimit, d.Code);
    }

    [Fact]
    public void A_few_small_aliases_are_fine()
    {
        var yaml = "name: demo\nbase: {model: mlp}\ndata: {train: data/train.csv}\ntraining: {epochs: &e 20}\nseed: *e\n";
        var result = _box.Load(yaml);
        DiagnosticAssert.Clean(result);
        Assert.Equal(20, result.Spec!.Seed);
    }

    [Fact]
    public void Deep_nesting_stops_at_the_limit_without_overflowing_the_stack()
    {
        var deep = "x: " + new string('[', 100_000) + new string(']', 100_000) + "\n";
        var d = Assert.Single(_box.Load(deep).Diagnostics);
        Assert.Equal((SpecErrorCodes.NestingTooDeep, 1, 4 + 63), (d.Code, d.Location.Line, d.Location.Column));
    }

    [Fact]
    public void A_syntax_error_is_reported_at_the_parsers_mark_without_its_position_prefix()
    {
        var d = Assert.Single(_box.Load("name: demo\nbase: \"unterminated\n").Diagnostics);
        Assert.Equal((SpecErrorCodes.YamlSyntax, 2, 7), (d.Code, d.Location.Line, d.Location.Column));
        Assert.DoesNotContain("Idx:", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_and_corruption_of_a_valid_spec_loads_or_reports_never_throws()
    {
        var full = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "full.yaml"));
        var random = new Random(1234);
        for (var cut = 0; cut < full.Length; cut += 7)
        {
            Assert.NotNull(_box.Load(full[..cut]).Diagnostics);
        }
        const string noise = "{}[]:-,&*!|>'\"%@` \n\t#?";
        for (var i = 0; i < 300; i++)
        {
            var chars = full.ToCharArray();
            for (var k = 0; k < 3; k++)
            {
                chars[random.Next(chars.Length)] = noise[random.Next(noise.Length)];
            }
            Assert.NotNull(_box.Load(new string(chars)).Diagnostics);
        }
    }
}
