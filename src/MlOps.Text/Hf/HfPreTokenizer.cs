using System.Text.Json;

namespace MlOps.Text.Hf;

/// <summary>A piece of text on its way to the model; AtStart: it begins the original text (Metaspace's prepend_scheme "first").</summary>
internal readonly record struct Piece(string Text, bool AtStart);

/// <summary>
/// tokenizer.json's pre_tokenizer: ByteLevel (GPT-2's regex unless use_regex is false, add_prefix_space, then the byte
/// alphabet), Split (the file's own regex or string, with its behavior and invert; Llama 3 and Qwen2), Metaspace
/// (spaces to "▁", prepend_scheme always/first/never, split), Digits, Whitespace, WhitespaceSplit, and Sequence.
/// </summary>
internal static class HfPreTokenizer
{
    /// <summary>GPT-2's pattern, as tokenizers' ByteLevel uses it.</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    public static Func<Piece, IEnumerable<Piece>> Create(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return p => [p];
        }
        var type = TokenizerJson.Text(element, "type");
        switch (type)
        {
            case "Sequence":
                var parts = element.GetProperty("pretokenizers").EnumerateArray().Select(p => Create(p, path)).ToList();
                return p => parts.Aggregate<Func<Piece, IEnumerable<Piece>>, IEnumerable<Piece>>([p], (pieces, part) => pieces.SelectMany(part).ToList());
            case "ByteLevel":
                var addPrefixSpace = TokenizerJson.Bool(element, "add_prefix_space") ?? true;
                var gpt2 = TokenizerJson.Bool(element, "use_regex") ?? true ? new CodePointRegex(Gpt2Pattern) : null;
                return p =>
                {
                    var text = addPrefixSpace && !p.Text.StartsWith(' ') ? " " + p.Text : p.Text;
                    var pieces = gpt2 is null ? [new Piece(text, p.AtStart)] : SplitBy(new Piece(text, p.AtStart), gpt2.Matches(text), "Isolated", invert: false);
                    return pieces.Select(q => q with { Text = ByteLevelAlphabet.Encode(q.Text) });
                };
            case "Split":
                var (regex, literal) = HfNormalizer.Pattern(element, path);
                var pattern = new CodePointRegex(regex?.ToString() ?? System.Text.RegularExpressions.Regex.Escape(literal!));
                var behavior = TokenizerJson.Text(element, "behavior") ?? "Isolated";
                var invert = TokenizerJson.Bool(element, "invert") ?? false;
                CheckBehavior(behavior, path);
                return p => SplitBy(p, pattern.Matches(p.Text), behavior, invert);
            case "Metaspace":
                return Metaspace(element);
            case "Digits":
                var individual = TokenizerJson.Bool(element, "individual_digits") ?? false;
                var digits = new CodePointRegex(individual ? @"\p{N}" : @"\p{N}+");
                return p => SplitBy(p, digits.Matches(p.Text), "Isolated", invert: false);
            case "Whitespace":
                var words = new CodePointRegex(@"\w+|[^\w\s]+");
                return p => SplitBy(p, words.Matches(p.Text), "Removed", invert: true);
            case "WhitespaceSplit":
                var spaces = new CodePointRegex(@"\s+");
                return p => SplitBy(p, spaces.Matches(p.Text), "Removed", invert: false);
            default:
                throw TokenizerJson.Unreadable(path, $"uses the pre_tokenizer '{type}', which MlOps does not apply (it reads ByteLevel, Split, Metaspace, Digits, Whitespace, WhitespaceSplit and Sequence for BPE tokenizers)");
        }
    }

    private static Func<Piece, IEnumerable<Piece>> Metaspace(JsonElement element)
    {
        var replacement = TokenizerJson.Text(element, "replacement") ?? "▁";
        var scheme = TokenizerJson.Text(element, "prepend_scheme")
            ?? (TokenizerJson.Bool(element, "add_prefix_space") is false ? "never" : "always");
        var split = TokenizerJson.Bool(element, "split") ?? true;
        return p =>
        {
            var text = p.Text.Replace(" ", replacement, StringComparison.Ordinal);
            var prepend = scheme == "always" || (scheme == "first" && p.AtStart);
            if (prepend && !text.StartsWith(replacement, StringComparison.Ordinal))
            {
                text = replacement + text;
            }
            if (!split)
            {
                return [new Piece(text, p.AtStart)];
            }
            var marks = new List<(int, int)>();
            for (var i = text.IndexOf(replacement, StringComparison.Ordinal); i >= 0; i = text.IndexOf(replacement, i + replacement.Length, StringComparison.Ordinal))
            {
                marks.Add((i, i + replacement.Length));
            }
            return SplitBy(new Piece(text, p.AtStart), marks, "MergedWithNext", invert: false);
        };
    }

    private static void CheckBehavior(string behavior, string path)
    {
        if (behavior is not ("Isolated" or "Removed" or "MergedWithPrevious" or "MergedWithNext" or "Contiguous"))
        {
            throw TokenizerJson.Unreadable(path, $"has a Split pre_tokenizer with behavior '{behavior}'; Hugging Face defines Isolated, Removed, MergedWithPrevious, MergedWithNext and Contiguous");
        }
    }

    /// <summary>tokenizers' NormalizedString::split: the matches and the text between them, arranged by the behavior; empty pieces dropped.</summary>
    public static List<Piece> SplitBy(Piece piece, IEnumerable<(int Start, int End)> matches, string behavior, bool invert)
    {
        var text = piece.Text;
        var spans = new List<(int Start, int End, bool Match)>();
        var last = 0;
        foreach (var (start, end) in matches)
        {
            if (start > last)
            {
                spans.Add((last, start, invert));
            }
            spans.Add((start, end, !invert));
            last = end;
        }
        if (last < text.Length)
        {
            spans.Add((last, text.Length, invert));
        }
        var merged = new List<(int Start, int End)>();
        var previousMatch = false;
        var carry = -1; // MergedWithNext: where a pending match began
        foreach (var (start, end, match) in spans)
        {
            switch (behavior)
            {
                case "Removed":
                    if (!match)
                    {
                        merged.Add((start, end));
                    }
                    break;
                case "MergedWithPrevious":
                    if (match && merged.Count > 0 && !previousMatch)
                    {
                        merged[^1] = (merged[^1].Start, end);
                    }
                    else
                    {
                        merged.Add((start, end));
                    }
                    break;
                case "MergedWithNext":
                    if (match)
                    {
                        if (carry < 0)
                        {
                            carry = start;
                        }
                        else
                        {
                            merged.Add((carry, start));
                            carry = start;
                        }
                    }
                    else
                    {
                        merged.Add((carry >= 0 ? carry : start, end));
                        carry = -1;
                    }
                    break;
                case "Contiguous":
                    if (match && previousMatch && merged.Count > 0)
                    {
                        merged[^1] = (merged[^1].Start, end);
                    }
                    else
                    {
                        merged.Add((start, end));
                    }
                    break;
                default:
                    merged.Add((start, end));
                    break;
            }
            previousMatch = match;
        }
        if (carry >= 0)
        {
            merged.Add((carry, text.Length));
        }
        return [.. merged.Where(s => s.End > s.Start).Select((s, i) => new Piece(text[s.Start..s.End], piece.AtStart && s.Start == 0))];
    }
}
