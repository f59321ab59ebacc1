using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MlOps.Text.Hf;

/// <summary>
/// tokenizer.json's normalizer as a text → text function: NFC/NFD/NFKC/NFKD, Lowercase, Prepend (Llama 2's "▁"),
/// Replace (string or regex), Strip, and Sequence of these. Any other kind is MLOPS231 naming it.
/// </summary>
internal static class HfNormalizer
{
    public static Func<string, string> Create(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return s => s;
        }
        var type = TokenizerJson.Text(element, "type");
        switch (type)
        {
            case "Sequence":
                var parts = element.GetProperty("normalizers").EnumerateArray().Select(n => Create(n, path)).ToList();
                return s => parts.Aggregate(s, (text, part) => part(text));
            case "NFC":
                return s => s.Normalize(NormalizationForm.FormC);
            case "NFD":
                return s => s.Normalize(NormalizationForm.FormD);
            case "NFKC":
                return s => s.Normalize(NormalizationForm.FormKC);
            case "NFKD":
                return s => s.Normalize(NormalizationForm.FormKD);
            case "Lowercase":
                return s => s.ToLowerInvariant();
            case "Prepend":
                var prefix = TokenizerJson.Text(element, "prepend") ?? "";
                return s => s.Length == 0 ? s : prefix + s;
            case "Replace":
                var (regex, literal) = Pattern(element, path);
                var content = TokenizerJson.Text(element, "content") ?? "";
                return literal is not null ? s => s.Replace(literal, content, StringComparison.Ordinal) : s => regex!.Replace(s, content.Replace("$", "$$", StringComparison.Ordinal));
            case "Strip":
                var left = TokenizerJson.Bool(element, "strip_left") ?? true;
                var right = TokenizerJson.Bool(element, "strip_right") ?? true;
                return s => left && right ? s.Trim() : left ? s.TrimStart() : right ? s.TrimEnd() : s;
            default:
                throw TokenizerJson.Unreadable(path, $"uses the normalizer '{type}', which MlOps does not apply (it reads NFC, NFD, NFKC, NFKD, Lowercase, Prepend, Replace, Strip and Sequence for BPE tokenizers)");
        }
    }

    /// <summary>A {"String": "…"} (literal) or {"Regex": "…"} pattern.</summary>
    public static (Regex? Regex, string? Literal) Pattern(JsonElement element, string path)
    {
        if (element.TryGetProperty("pattern", out var pattern) && pattern.ValueKind == JsonValueKind.Object)
        {
            if (TokenizerJson.Text(pattern, "String") is { } literal)
            {
                return (null, literal);
            }
            if (TokenizerJson.Text(pattern, "Regex") is { } regex)
            {
                return (new Regex(regex, RegexOptions.CultureInvariant), null);
            }
        }
        throw TokenizerJson.Unreadable(path, $"has a pattern that is neither {{\"String\": …}} nor {{\"Regex\": …}}: {element.GetRawText()}");
    }
}
