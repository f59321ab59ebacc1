namespace MlOps.Text.Hf;

/// <summary>An entry of tokenizer.json's added_tokens, with its matching flags.</summary>
internal sealed record AddedToken(int Id, string Content, bool Special, bool Normalized, bool LeftStrip, bool RightStrip, bool SingleWord);

/// <summary>A stretch of text: an added token's id, or text for the model (Start is its offset in the text it was cut from).</summary>
internal readonly record struct Segment(string Text, int? Id, int Start);

/// <summary>
/// Hugging Face's AddedVocabulary: added tokens are found before the model sees the text, leftmost-longest and never
/// split. Tokens with normalized=false (special tokens) are matched in the raw text, the others in the normalized text;
/// lstrip/rstrip take the whitespace beside a match into it, single_word needs non-word characters around it.
/// </summary>
internal sealed class AddedVocabulary
{
    private readonly Dictionary<char, List<AddedToken>> raw;
    private readonly Dictionary<char, List<AddedToken>> normalized;

    public AddedVocabulary(IReadOnlyList<AddedToken> tokens)
    {
        Tokens = tokens;
        raw = Index(tokens.Where(t => !t.Normalized));
        normalized = Index(tokens.Where(t => t.Normalized));
    }

    public IReadOnlyList<AddedToken> Tokens { get; }

    public IEnumerable<Segment> SplitRaw(string text) => Split(text, raw);

    public IEnumerable<Segment> SplitNormalized(string text) => Split(text, normalized);

    private static Dictionary<char, List<AddedToken>> Index(IEnumerable<AddedToken> tokens) =>
        tokens.Where(t => t.Content.Length > 0).GroupBy(t => t.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Content.Length).ToList());

    private static List<Segment> Split(string text, Dictionary<char, List<AddedToken>> tokens)
    {
        var segments = new List<Segment>();
        if (tokens.Count == 0 || text.Length == 0)
        {
            segments.Add(new Segment(text, null, 0));
            return segments;
        }
        var startOffset = 0;
        var i = 0;
        while (i < text.Length)
        {
            var match = tokens.TryGetValue(text[i], out var candidates)
                ? candidates.FirstOrDefault(t => string.CompareOrdinal(text, i, t.Content, 0, t.Content.Length) == 0)
                : null;
            if (match is null)
            {
                i++;
                continue;
            }
            var start = i;
            var stop = i + match.Content.Length;
            if (match.SingleWord && ((start > 0 && IsWord(text[start - 1])) || (stop < text.Length && IsWord(text[stop]))))
            {
                i++;
                continue;
            }
            if (match.LeftStrip)
            {
                var newStart = start;
                while (newStart > 0 && char.IsWhiteSpace(text[newStart - 1]))
                {
                    newStart--;
                }
                start = Math.Max(newStart, startOffset);
            }
            if (match.RightStrip)
            {
                while (stop < text.Length && char.IsWhiteSpace(text[stop]))
                {
                    stop++;
                }
            }
            if (startOffset < start)
            {
                segments.Add(new Segment(text[startOffset..start], null, startOffset));
            }
            segments.Add(new Segment(text[start..stop], match.Id, start));
            startOffset = stop;
            i = stop;
        }
        if (startOffset < text.Length)
        {
            segments.Add(new Segment(text[startOffset..], null, startOffset));
        }
        return segments;
    }

    private static bool IsWord(char c) => char.IsLetterOrDigit(c) || c == '_';
}
