using System.Text.Json;

namespace MlOps.Text.Hf;

/// <summary>
/// The ids Hugging Face's default call puts around a single text: TemplateProcessing's "single" template (Llama's
/// bos, nothing for GPT-2 and Qwen2), RobertaProcessing/BertProcessing's cls … sep, inside a Sequence too. For
/// LlamaTokenizer(Fast)/CodeLlama/Gemma, tokenizer_config.json's add_bos_token/add_eos_token rebuild it, as
/// transformers' update_post_processor does.
/// </summary>
internal sealed record PostProcessor(IReadOnlyList<int> Before, IReadOnlyList<int> After)
{
    public static readonly PostProcessor None = new([], []);

    public IReadOnlyList<int> Frame(IReadOnlyList<int> content) => [.. Before, .. content, .. After];

    public static PostProcessor Create(JsonElement root, TokenizerConfig config, IReadOnlyDictionary<string, int> vocabulary, string path)
    {
        if (config.TokenizerClass is { } cls && cls.Replace("Fast", "", StringComparison.Ordinal) is "LlamaTokenizer" or "CodeLlamaTokenizer" or "GemmaTokenizer"
            && (config.AddBos is not null || config.AddEos is not null))
        {
            int[] Id(string role, bool add) => add && config.Name(role) is { } name && vocabulary.TryGetValue(name, out var id) ? [id] : [];
            return new PostProcessor(Id("bos_token", config.AddBos ?? true), Id("eos_token", config.AddEos ?? false));
        }
        if (!root.TryGetProperty("post_processor", out var element) || element.ValueKind != JsonValueKind.Object)
        {
            return None;
        }
        foreach (var part in TokenizerJson.Flatten(element, "processors"))
        {
            switch (TokenizerJson.Text(part, "type"))
            {
                case "TemplateProcessing":
                    return Template(part, path);
                case "RobertaProcessing" or "BertProcessing":
                    return new PostProcessor([part.GetProperty("cls")[1].GetInt32()], [part.GetProperty("sep")[1].GetInt32()]);
            }
        }
        return None;
    }

    private static PostProcessor Template(JsonElement element, string path)
    {
        var before = new List<int>();
        var after = new List<int>();
        var seenSequence = false;
        foreach (var piece in element.GetProperty("single").EnumerateArray())
        {
            if (piece.TryGetProperty("Sequence", out _))
            {
                seenSequence = true;
                continue;
            }
            var name = TokenizerJson.Text(piece.GetProperty("SpecialToken"), "id")
                ?? throw TokenizerJson.Unreadable(path, "has a TemplateProcessing special token without an id");
            if (!element.TryGetProperty("special_tokens", out var specials) || !specials.TryGetProperty(name, out var special))
            {
                throw TokenizerJson.Unreadable(path, $"has a TemplateProcessing template naming '{name}', which its special_tokens do not define");
            }
            (seenSequence ? after : before).AddRange(special.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()));
        }
        return new PostProcessor(before, after);
    }
}
