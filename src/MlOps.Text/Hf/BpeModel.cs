using System.Collections.Concurrent;
using System.Text;

namespace MlOps.Text.Hf;

/// <summary>
/// Hugging Face tokenizers' BPE model on one pre-tokenized word: characters (with continuing_subword_prefix /
/// end_of_word_suffix), unknown ones as unk (fused when fuse_unk) or, with byte_fallback, as &lt;0xXX&gt; byte tokens;
/// ignore_merges takes a word that is in the vocabulary whole (Llama 3); then the merges by rank, lowest first and
/// leftmost on ties, as Word::merge_all's priority queue does.
/// </summary>
internal sealed class BpeModel
{
    private readonly IReadOnlyDictionary<string, int> vocabulary;
    private const int CacheLimit = 100_000;
    private readonly Dictionary<(int Left, int Right), (int Rank, int Id)> merges = [];
    private readonly ConcurrentDictionary<string, int[]> cache = new(StringComparer.Ordinal); // words repeat; HF caches them too

    /// <param name="ranks">Each merge's rank; its index in <paramref name="mergeList"/> when null (tokenizer.json).</param>
    public BpeModel(IReadOnlyDictionary<string, int> vocabulary, IReadOnlyList<(string Left, string Right)> mergeList, Options options, string path, IReadOnlyList<int>? ranks = null)
    {
        this.vocabulary = vocabulary;
        Settings = options;
        var prefixLength = options.ContinuingSubwordPrefix?.Length ?? 0;
        for (var rank = 0; rank < mergeList.Count; rank++)
        {
            var (left, right) = mergeList[rank];
            var merged = left + (right.Length >= prefixLength ? right[prefixLength..] : right);
            if (!vocabulary.TryGetValue(left, out var a) || !vocabulary.TryGetValue(right, out var b) || !vocabulary.TryGetValue(merged, out var id))
            {
                throw TokenizerJson.Unreadable(path, $"has the merge \"{left} {right}\" (number {rank + 1}) whose parts or result are not in the vocabulary");
            }
            merges[(a, b)] = (ranks?[rank] ?? rank, id);
        }
        UnknownId = options.UnknownToken is { } unk && vocabulary.TryGetValue(unk, out var u) ? u : null;
    }

    public sealed record Options(string? UnknownToken, bool FuseUnknown, bool ByteFallback, bool IgnoreMerges, string? ContinuingSubwordPrefix, string? EndOfWordSuffix);

    public Options Settings { get; }

    private int? UnknownId { get; }

    public void Tokenize(string word, List<int> output)
    {
        if (word.Length == 0)
        {
            return;
        }
        if (Settings.IgnoreMerges && vocabulary.TryGetValue(word, out var whole))
        {
            output.Add(whole);
            return;
        }
        if (cache.TryGetValue(word, out var cached))
        {
            output.AddRange(cached);
            return;
        }
        var symbols = Symbols(word);
        Merge(symbols);
        output.AddRange(symbols);
        if (word.Length <= 256 && cache.Count < CacheLimit)
        {
            cache.TryAdd(word, [.. symbols]);
        }
    }

    private List<int> Symbols(string word)
    {
        var symbols = new List<int>(word.Length);
        int? pendingUnknown = null;
        var runes = word.EnumerateRunes().ToList();
        for (var i = 0; i < runes.Count; i++)
        {
            var s = runes[i].ToString();
            if (i > 0 && Settings.ContinuingSubwordPrefix is { } prefix)
            {
                s = prefix + s;
            }
            if (i == runes.Count - 1 && Settings.EndOfWordSuffix is { } suffix)
            {
                s += suffix;
            }
            if (vocabulary.TryGetValue(s, out var id))
            {
                if (pendingUnknown is { } unk)
                {
                    symbols.Add(unk);
                    pendingUnknown = null;
                }
                symbols.Add(id);
                continue;
            }
            if (Settings.ByteFallback && ByteTokens(s) is { } bytes)
            {
                symbols.AddRange(bytes); // as tokenizers does, before a pending unk
                continue;
            }
            if (UnknownId is { } unknownId)
            {
                if (pendingUnknown is not null && !Settings.FuseUnknown)
                {
                    symbols.Add(pendingUnknown.Value);
                }
                pendingUnknown = unknownId;
            }
        }
        if (pendingUnknown is { } last)
        {
            symbols.Add(last);
        }
        return symbols;
    }

    private List<int>? ByteTokens(string s)
    {
        var ids = new List<int>();
        foreach (var b in Encoding.UTF8.GetBytes(s))
        {
            if (!vocabulary.TryGetValue($"<0x{b:X2}>", out var id))
            {
                return null;
            }
            ids.Add(id);
        }
        return ids;
    }

    private void Merge(List<int> symbols)
    {
        var n = symbols.Count;
        var next = new int[n];
        var previous = new int[n];
        var removed = new bool[n];
        for (var i = 0; i < n; i++)
        {
            next[i] = i + 1 < n ? i + 1 : -1;
            previous[i] = i - 1;
        }
        var queue = new PriorityQueue<(int Position, int Id), (int Rank, int Position)>();
        for (var i = 0; i + 1 < n; i++)
        {
            if (merges.TryGetValue((symbols[i], symbols[i + 1]), out var m))
            {
                queue.Enqueue((i, m.Id), (m.Rank, i));
            }
        }
        while (queue.TryDequeue(out var top, out _))
        {
            var position = top.Position;
            if (removed[position] || next[position] < 0)
            {
                continue;
            }
            var right = next[position];
            if (!merges.TryGetValue((symbols[position], symbols[right]), out var current) || current.Id != top.Id)
            {
                continue; // an expired entry
            }
            symbols[position] = top.Id;
            removed[right] = true;
            next[position] = next[right];
            if (next[right] >= 0)
            {
                previous[next[right]] = position;
            }
            if (previous[position] >= 0 && merges.TryGetValue((symbols[previous[position]], symbols[position]), out var before))
            {
                queue.Enqueue((previous[position], before.Id), (before.Rank, previous[position]));
            }
            if (next[position] >= 0 && merges.TryGetValue((symbols[position], symbols[next[position]]), out var after))
            {
                queue.Enqueue((position, after.Id), (after.Rank, position));
            }
        }
        var kept = symbols.Where((_, i) => !removed[i]).ToList();
        symbols.Clear();
        symbols.AddRange(kept);
    }
}
