using System.Text.Json;
using MlOps.Contracts.Diagnostics;
using MlOps.Text.Jinja;

namespace MlOps.Text;

/// <summary>
/// A model's chat template, rendered as transformers' <c>apply_chat_template(tokenize=False)</c> does:
/// Jinja with trim_blocks and lstrip_blocks, <c>raise_exception</c>, <c>strftime_now</c>, transformers'
/// <c>tojson</c>, and the variables messages, add_generation_prompt, tools and documents (None) and the special tokens (bos_token, eos_token, …).
/// </summary>
public sealed class ChatTemplate
{
    private readonly JinjaTemplate template;
    private readonly IReadOnlyDictionary<string, string> tokens;

    private ChatTemplate(JinjaTemplate template, IReadOnlyDictionary<string, string> tokens, string source)
    {
        this.template = template;
        this.tokens = tokens;
        Source = source;
    }

    /// <summary>The file the template came from.</summary>
    public string Source { get; }

    /// <summary>
    /// The template of a tokenizer folder: chat_template.jinja when present (transformers prefers it), else
    /// tokenizer_config.json's "chat_template", a string or a list of {name, template} (the one named
    /// <paramref name="name"/>, "default" when null). Throws MLOPS381 when there is none, MLOPS382 when it does not parse.
    /// </summary>
    public static ChatTemplate Load(string folder, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var config = TokenizerConfig.Read(folder);
        var jinjaFile = Path.Combine(folder, "chat_template.jinja");
        if (File.Exists(jinjaFile) && name is null)
        {
            return Parse(File.ReadAllText(jinjaFile), jinjaFile, config.TokenNames);
        }
        var configFile = Path.Combine(folder, "tokenizer_config.json");
        var text = File.Exists(configFile) ? TemplateText(configFile, name ?? "default") : null;
        return text is null
            ? throw Missing(configFile, name)
            : Parse(text, configFile, config.TokenNames);
    }

    /// <summary>A template from its text; <paramref name="tokens"/> are the special tokens by role (bos_token → "&lt;s&gt;").</summary>
    public static ChatTemplate Parse(string text, string source, IReadOnlyDictionary<string, string> tokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokens);
        try
        {
            return new ChatTemplate(JinjaTemplate.Parse(text), tokens, source);
        }
        catch (JinjaError e)
        {
            throw Fault(TokenizerModelErrorCodes.ChatTemplateInvalid, "is not a chat template MlOps can read", e, source);
        }
    }

    /// <summary>The conversation as the model was trained to see it; throws MLOPS383 when the template raises (an unknown role, roles that do not alternate).</summary>
    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (role, token) in tokens)
        {
            variables[role] = token;
        }
        variables["messages"] = messages.Select(m => (object?)new Dictionary<string, object?>(StringComparer.Ordinal) { ["role"] = m.Role, ["content"] = m.Content }).ToList();
        variables["add_generation_prompt"] = addGenerationPrompt;
        variables["tools"] = null; // transformers passes tools=None and documents=None: "is defined" holds, truth does not
        variables["documents"] = null;
        try
        {
            return template.Render(variables, Clock);
        }
        catch (JinjaError e)
        {
            var what = e.Kind == JinjaErrorKind.Raised ? "refused the conversation (the template's raise_exception)" : "failed while rendering";
            throw Fault(TokenizerModelErrorCodes.ChatTemplateFailed, what, e, Source);
        }
    }

    /// <summary>The time strftime_now reads; the local time, as transformers (tests pin it).</summary>
    internal Func<DateTime> Clock { get; set; } = () => DateTime.Now;

    /// <summary>A template error at its line and column: exact in a .jinja file; inside tokenizer_config.json the position is within the template text.</summary>
    private static MlOpsException Fault(string code, string what, JinjaError e, string source)
    {
        var inJinjaFile = source.EndsWith(".jinja", StringComparison.OrdinalIgnoreCase);
        var where = inJinjaFile ? "" : $" (line {e.Line}, column {e.Column} of the chat_template text)";
        var advice = e.Kind == JinjaErrorKind.Raised
            ? "; change the messages as it says (roles the template accepts, their order)"
            : e.Kind == JinjaErrorKind.Syntax ? "; fix the template, or use one the model ships" : "";
        return new MlOpsException(Diagnostic.Error(code, $"the chat template of '{source}' {what}{where}: {e.Message}{advice}",
            inJinjaFile ? new SourceLocation(source, e.Line, e.Column) : SourceLocation.None(source)));
    }

    private static string? TemplateText(string configFile, string name)
    {
        using var doc = TokenizerJson.Parse(configFile);
        if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("chat_template", out var value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Array => value.EnumerateArray()
                .Where(t => TokenizerJson.Text(t, "name") == name)
                .Select(t => TokenizerJson.Text(t, "template")).FirstOrDefault(),
            _ => null,
        };
    }

    private static MlOpsException Missing(string configFile, string? name) =>
        new(Diagnostic.Error(TokenizerModelErrorCodes.ChatTemplateMissing,
            (name is null ? $"'{configFile}' has no \"chat_template\" (and there is no chat_template.jinja beside it)" : $"'{configFile}' has no chat template named '{name}'")
            + ": the tokenizer is not a chat model's. Use the instruct/chat model's tokenizer folder, add its chat_template to tokenizer_config.json, or use prompt/completion data that needs no template",
            SourceLocation.None(configFile)));
}
