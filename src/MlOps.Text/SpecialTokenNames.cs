namespace MlOps.Text;

/// <summary>
/// The special tokens' names: Hugging Face's conventions per kind ([CLS] [SEP] [PAD] [UNK] [MASK];
/// &lt;s&gt; &lt;/s&gt; &lt;pad&gt; &lt;unk&gt; &lt;mask&gt;), overridden by the tokenizer's own files.
/// </summary>
internal sealed record SpecialTokenNames(string Start, string End, string Pad, string Unknown, string Mask)
{
    public static SpecialTokenNames For(TokenizerKind kind, TokenizerConfig config)
    {
        var defaults = kind == TokenizerKind.WordPiece
            ? new SpecialTokenNames("[CLS]", "[SEP]", "[PAD]", "[UNK]", "[MASK]")
            : new SpecialTokenNames("<s>", "</s>", "<pad>", "<unk>", "<mask>");
        return new SpecialTokenNames(
            config.Name("cls_token") ?? config.Name("bos_token") ?? defaults.Start,
            config.Name("sep_token") ?? config.Name("eos_token") ?? defaults.End,
            config.Name("pad_token") ?? defaults.Pad,
            config.Name("unk_token") ?? defaults.Unknown,
            config.Name("mask_token") ?? defaults.Mask);
    }

    /// <summary>Ids from the vocabulary; start, end and unknown must exist, pad falls back to end (GPT-2 has none).</summary>
    public SpecialTokenIds Resolve(IReadOnlyDictionary<string, int> vocabulary, string source) =>
        TryResolve(vocabulary, out var problem) ?? throw TokenizerJson.Unreadable(source, problem!);

    /// <summary>
    /// The classifier's ids, or null with the reason (a decoder tokenizer may lack a start token), plus
    /// bos/eos as tokenizer_config.json names them: a role the files do not name has no id.
    /// </summary>
    public SpecialRoles Roles(IReadOnlyDictionary<string, int> vocabulary, TokenizerConfig config)
    {
        var ids = TryResolve(vocabulary, out var problem);
        int? Named(string key) => config.Name(key) is { } name && vocabulary.TryGetValue(name, out var id) ? id : null;
        return new SpecialRoles(ids, problem, Named("bos_token"), Named("eos_token"), Named("pad_token"), config.TokenNames);
    }

    private SpecialTokenIds? TryResolve(IReadOnlyDictionary<string, int> vocabulary, out string? problem)
    {
        problem = null;
        foreach (var (name, role) in new[] { (Start, "cls"), (End, "sep") })
        {
            if (!vocabulary.ContainsKey(name))
            {
                problem = $"has no {role} token '{name}' in its vocabulary; a sequence classifier needs it (set it in tokenizer_config.json, e.g. \"{role}_token\").";
                return null;
            }
        }
        var end = vocabulary[End];
        var unknown = vocabulary.TryGetValue(Unknown, out var u) ? u : end;
        var pad = vocabulary.TryGetValue(Pad, out var p) ? p : end;
        int? mask = vocabulary.TryGetValue(Mask, out var m) ? m : null;
        return new SpecialTokenIds(vocabulary[Start], end, pad, unknown, mask);
    }
}
