using System.Text;
using System.Text.Json;

namespace MlOps.Text.Hf;

/// <summary>
/// tokenizer.json's decoder as tokens → text: ByteLevel (the byte alphabet back to UTF-8, invalid bytes as U+FFFD),
/// Metaspace ("▁" to spaces, the first one dropped unless prepend_scheme is never), Replace, ByteFallback (&lt;0xXX&gt;
/// runs to UTF-8), Fuse, Strip, BPEDecoder (end-of-word suffix) and Sequence; without a decoder tokens join with spaces.
/// </summary>
internal static class HfDecoder
{
    public static Func<List<string>, string> Create(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return tokens => string.Join(' ', tokens);
        }
        var chain = Chain(element, path);
        return tokens => string.Concat(chain(tokens));
    }

    private static Func<List<string>, List<string>> Chain(JsonElement element, string path)
    {
        var type = TokenizerJson.Text(element, "type");
        switch (type)
        {
            case "Sequence":
                var parts = element.GetProperty("decoders").EnumerateArray().Select(d => Chain(d, path)).ToList();
                return tokens => parts.Aggregate(tokens, (t, part) => part(t));
            case "ByteLevel":
                return tokens => [ByteLevel(tokens)];
            case "Metaspace":
                var replacement = TokenizerJson.Text(element, "replacement") ?? "▁";
                var scheme = TokenizerJson.Text(element, "prepend_scheme") ?? (TokenizerJson.Bool(element, "add_prefix_space") is false ? "never" : "always");
                // As tokenizers: in the first token every "▁" goes (it was the prepended one), elsewhere each is a space.
                return tokens => [.. tokens.Select((t, i) => t.Replace(replacement, i == 0 && scheme != "never" ? "" : " ", StringComparison.Ordinal))];
            case "Replace":
                var (regex, literal) = HfNormalizer.Pattern(element, path);
                var content = TokenizerJson.Text(element, "content") ?? "";
                return tokens => [.. tokens.Select(t => literal is not null ? t.Replace(literal, content, StringComparison.Ordinal) : regex!.Replace(t, content.Replace("$", "$$", StringComparison.Ordinal)))];
            case "ByteFallback":
                return ByteFallback;
            case "Fuse":
                return tokens => [string.Concat(tokens)];
            case "Strip":
                var strip = TokenizerJson.Text(element, "content") ?? " ";
                var start = element.TryGetProperty("start", out var s) && s.TryGetInt32(out var sv) ? sv : 0;
                var stop = element.TryGetProperty("stop", out var e) && e.TryGetInt32(out var ev) ? ev : 0;
                return tokens => [.. tokens.Select(t => Strip(t, strip, start, stop))];
            case "BPEDecoder":
                var suffix = TokenizerJson.Text(element, "suffix") ?? "</w>";
                return tokens => [.. tokens.Select((t, i) => t.Replace(suffix, i == tokens.Count - 1 ? "" : " ", StringComparison.Ordinal))];
            default:
                throw TokenizerJson.Unreadable(path, $"uses the decoder '{type}', which MlOps does not apply (it reads ByteLevel, Metaspace, Replace, ByteFallback, Fuse, Strip, BPEDecoder and Sequence)");
        }
    }

    private static string ByteLevel(List<string> tokens)
    {
        var bytes = new List<byte>();
        foreach (var token in tokens)
        {
            if (token.All(ByteLevelAlphabet.CharToByte.ContainsKey))
            {
                bytes.AddRange(token.Select(c => ByteLevelAlphabet.CharToByte[c]));
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(token)); // as tokenizers: a token outside the alphabet goes in as its own UTF-8
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static List<string> ByteFallback(List<string> tokens)
    {
        var result = new List<string>();
        var pending = new List<byte>();
        void Flush()
        {
            if (pending.Count == 0)
            {
                return;
            }
            var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
            try
            {
                result.Add(strict.GetString(pending.ToArray()));
            }
            catch (DecoderFallbackException)
            {
                result.AddRange(Enumerable.Repeat("\uFFFD", pending.Count)); // tokenizers: one replacement per byte
            }
            pending.Clear();
        }
        foreach (var token in tokens)
        {
            if (token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token.EndsWith('>')
                && byte.TryParse(token.AsSpan(3, 2), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var b))
            {
                pending.Add(b);
                continue;
            }
            Flush();
            result.Add(token);
        }
        Flush();
        return result;
    }

    private static string Strip(string token, string content, int start, int stop)
    {
        var c = content.Length == 1 ? content[0] : ' ';
        var from = 0;
        while (from < start && from < token.Length && token[from] == c)
        {
            from++;
        }
        var to = token.Length;
        while (token.Length - to < stop && to > from && token[to - 1] == c)
        {
            to--;
        }
        return token[from..to];
    }
}
