using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Tests.Shared;
using MlOps.Text;

namespace MlOps.Core.Tests.Text;

/// <summary>
/// tokenizer_config.json's clean_up_tokenization_spaces: true makes Decode remove the spaces before punctuation
/// and contractions as transformers' decode does; false or absent (transformers' default since 4.45) leaves the
/// tokenizers decode as it is. Expected strings: DecoderTokenizers/clean_up_reference.py (Debian's python3),
/// which re-implements transformers' clean_up_tokenization on make_fixtures.py's independent decode.
/// </summary>
public sealed class CleanUpTokenizationSpacesTests : IDisposable
{
    private static readonly string Fixtures = Path.Combine(SourceTree.Root, "tests", "MlOps.Core.Tests", "Text", "DecoderTokenizers");
    private readonly string root = Path.Combine(Path.GetTempPath(), "mlops-cleanup-" + Guid.NewGuid().ToString("N"));

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var fixture in Expected().EnumerateObject())
        {
            foreach (var setting in new[] { "true", "false", "absent" })
            {
                data.Add(fixture.Name, setting);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decode_cleans_up_tokenization_spaces_only_when_the_tokenizer_config_says_so(string fixture, string setting)
    {
        var tokenizer = TokenizerLoader.Load(Copy(fixture, setting));

        Assert.Equal(setting == "true", tokenizer.CleanUpTokenizationSpaces);
        foreach (var expected in Expected().GetProperty(fixture).EnumerateArray())
        {
            var ids = expected.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()).ToArray();
            Assert.Equal(ids, tokenizer.EncodeContent(expected.GetProperty("text").GetString()!));
            Assert.Equal(expected.GetProperty(setting == "true" ? "cleaned" : "decoded").GetString(), tokenizer.Decode(ids));
        }
    }

    [Fact]
    public void The_fixtures_exercise_every_replacement()
    {
        var cleaned = Expected().EnumerateObject().SelectMany(f => f.Value.EnumerateArray()).Where(c => c.GetProperty("decoded").GetString() != c.GetProperty("cleaned").GetString());
        var raw = string.Concat(cleaned.Select(c => c.GetProperty("decoded").GetString()));

        Assert.All(new[] { " .", " ?", " !", " ,", " ' ", " n't", " 'm", " 's", " 've", " 're" }, s => Assert.Contains(s, raw, StringComparison.Ordinal));
    }

    /// <summary>The committed fixture with clean_up_tokenization_spaces set to <paramref name="setting"/> (or left out).</summary>
    private string Copy(string fixture, string setting)
    {
        var folder = Path.Combine(root, fixture + "-" + setting);
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(Path.Combine(Fixtures, fixture)))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }
        var configPath = Path.Combine(folder, "tokenizer_config.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        Assert.False(config.ContainsKey("clean_up_tokenization_spaces"));
        if (setting != "absent")
        {
            config["clean_up_tokenization_spaces"] = setting == "true";
        }
        File.WriteAllText(configPath, config.ToJsonString());
        return folder;
    }

    private static JsonElement Expected() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, "clean_up_expected.json"))).RootElement;

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
