using System.Text.Json;
using MlOps.Contracts.Diagnostics;
using MlOps.Tests.Shared;
using MlOps.Text;

namespace MlOps.Core.Tests.Text;

/// <summary>
/// Real chat templates (Llama 3, Llama 3.2, Qwen2, Mistral, Zephyr/TinyLlama, SmolLM ChatML, Llama 2) render
/// exactly as Debian's python3-jinja2 renders them under transformers' settings: ChatTemplates/render_chat_templates.py
/// wrote rendered.json, and the cases where the template raises are MLOPS383 with the template's message.
/// </summary>
public sealed class ChatTemplateFixtureTests
{
    private static readonly string Folder = Path.Combine(SourceTree.Root, "tests", "MlOps.Core.Tests", "Text", "ChatTemplates");

    public static TheoryData<string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var c in Rendered())
        {
            data.Add(c.GetProperty("template").GetString()!, c.GetProperty("conversation").GetString()!, c.GetProperty("add_generation_prompt").GetBoolean());
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Renders_as_python_jinja2_under_transformers_settings(string name, string conversation, bool addGenerationPrompt)
    {
        using var fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "templates.json")));
        var spec = fixture.RootElement.GetProperty("templates").GetProperty(name);
        var tokens = new Dictionary<string, string>();
        foreach (var role in new[] { "bos_token", "eos_token" })
        {
            if (spec.GetProperty(role).ValueKind == JsonValueKind.String)
            {
                tokens[role] = spec.GetProperty(role).GetString()!;
            }
        }
        var template = ChatTemplate.Parse(spec.GetProperty("template").GetString()!, $"{name}.jinja", tokens);
        template.Clock = () => new DateTime(2024, 7, 26);
        var messages = fixture.RootElement.GetProperty("conversations").GetProperty(conversation).EnumerateArray()
            .Select(m => new ChatMessage(m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!)).ToList();
        var expected = Rendered().Single(c => c.GetProperty("template").GetString() == name && c.GetProperty("conversation").GetString() == conversation
            && c.GetProperty("add_generation_prompt").GetBoolean() == addGenerationPrompt);

        if (expected.TryGetProperty("error", out var error))
        {
            var failure = Assert.Throws<MlOpsException>(() => template.Render(messages, addGenerationPrompt));
            Assert.Equal(TokenizerModelErrorCodes.ChatTemplateFailed, Assert.Single(failure.Diagnostics).Code);
            Assert.Contains(error.GetString()!, failure.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(expected.GetProperty("rendered").GetString(), template.Render(messages, addGenerationPrompt));
        }
    }

    private static List<JsonElement> Rendered()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "rendered.json")));
        return [.. doc.RootElement.EnumerateArray().Select(e => e.Clone())];
    }
}
