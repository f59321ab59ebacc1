using MlOps.Contracts.Diagnostics;
using MlOps.Text;

namespace MlOps.Core.Tests.Text;

/// <summary>Where a template comes from (tokenizer_config.json string or named list, chat_template.jinja) and the errors for a missing, broken or refusing one.</summary>
public sealed class ChatTemplateLoadTests : IDisposable
{
    private readonly TokenizerFiles files = new();

    public void Dispose() => files.Dispose();

    [Fact]
    public void Reads_the_string_form_with_the_special_tokens_of_tokenizer_config()
    {
        var folder = files.Folder("string", ("tokenizer_config.json",
            """{"bos_token": {"__type": "AddedToken", "content": "<s>"}, "eos_token": "</s>", "chat_template": "{{ bos_token }}{% for m in messages %}{{ m.role }}:{{ m.content }}{{ eos_token }}{% endfor %}"}"""));

        var rendered = ChatTemplate.Load(folder).Render([new ChatMessage("user", "hi")], addGenerationPrompt: false);

        Assert.Equal("<s>user:hi</s>", rendered);
    }

    [Fact]
    public void Reads_the_named_list_form_default_unless_asked()
    {
        var folder = files.Folder("list", ("tokenizer_config.json",
            """{"chat_template": [{"name": "default", "template": "D{{ messages | length }}"}, {"name": "tool_use", "template": "T"}]}"""));

        Assert.Equal("D1", ChatTemplate.Load(folder).Render([new ChatMessage("user", "x")], false));
        Assert.Equal("T", ChatTemplate.Load(folder, "tool_use").Render([new ChatMessage("user", "x")], false));
    }

    [Fact]
    public void Chat_template_jinja_wins_over_tokenizer_config()
    {
        var folder = files.Folder("jinja", ("tokenizer_config.json", """{"chat_template": "config"}"""), ("chat_template.jinja", "file{% if add_generation_prompt %}+gen{% endif %}\n"));

        Assert.Equal("file+gen", ChatTemplate.Load(folder).Render([], addGenerationPrompt: true));
    }

    [Fact]
    public void A_folder_without_a_template_is_MLOPS381_naming_the_file()
    {
        var folder = files.Folder("none", ("tokenizer_config.json", """{"eos_token": "</s>"}"""));

        var diagnostic = Assert.Single(Assert.Throws<MlOpsException>(() => ChatTemplate.Load(folder)).Diagnostics);

        Assert.Equal(TokenizerModelErrorCodes.ChatTemplateMissing, diagnostic.Code);
        Assert.EndsWith("tokenizer_config.json", diagnostic.Location.File, StringComparison.Ordinal);
        Assert.Contains("chat_template", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_syntax_error_is_MLOPS382_at_the_template_line_and_column()
    {
        var folder = files.Folder("broken", ("chat_template.jinja", "{% for m in messages %}\n  {{ m.content + }}\n{% endfor %}"));

        var diagnostic = Assert.Single(Assert.Throws<MlOpsException>(() => ChatTemplate.Load(folder)).Diagnostics);

        Assert.Equal(TokenizerModelErrorCodes.ChatTemplateInvalid, diagnostic.Code);
        Assert.Equal((2, 18), (diagnostic.Location.Line, diagnostic.Location.Column));
    }

    [Fact]
    public void An_unclosed_block_names_the_missing_end_tag()
    {
        var error = Assert.Throws<MlOpsException>(() => ChatTemplate.Parse("{% if x %}never closed", "t.jinja", new Dictionary<string, string>()));

        Assert.Contains("endif", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_role_the_template_refuses_is_MLOPS383_with_its_message()
    {
        var template = ChatTemplate.Parse(
            "{% for m in messages %}{% if m.role not in ['user', 'assistant'] %}{{ raise_exception('Unknown role: ' ~ m.role) }}{% endif %}{% endfor %}",
            "t.jinja", new Dictionary<string, string>());

        var diagnostic = Assert.Single(Assert.Throws<MlOpsException>(() => template.Render([new ChatMessage("robot", "beep")], false)).Diagnostics);

        Assert.Equal(TokenizerModelErrorCodes.ChatTemplateFailed, diagnostic.Code);
        Assert.Contains("Unknown role: robot", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(1, diagnostic.Location.Line);
    }

    [Fact]
    public void Using_an_undefined_value_is_MLOPS383()
    {
        var template = ChatTemplate.Parse("{{ messages[0].content.missing.deeper }}", "t.jinja", new Dictionary<string, string>());

        var error = Assert.Throws<MlOpsException>(() => template.Render([new ChatMessage("user", "x")], false));

        Assert.Equal(TokenizerModelErrorCodes.ChatTemplateFailed, Assert.Single(error.Diagnostics).Code);
    }
}
