namespace MlOps.Text;

/// <summary>
/// transformers' clean_up_tokenization (PreTrainedTokenizerBase, src/transformers/tokenization_utils_base.py),
/// applied by decode when clean_up_tokenization_spaces is true: plain replacements, in its order, of the
/// spaces that word-level tokenizers left before punctuation and English contractions (" ." → ".",
/// " n't" → "n't", " ' " → "'"). Ordinal, not culture-aware, as Python's str.replace.
/// </summary>
internal static class TokenizationSpaces
{
    private static readonly (string Old, string New)[] Replacements =
    [
        (" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"),
        (" n't", "n't"), (" 'm", "'m"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re"),
    ];

    public static string CleanUp(string text)
    {
        foreach (var (old, replacement) in Replacements)
        {
            text = text.Replace(old, replacement, StringComparison.Ordinal);
        }
        return text;
    }
}
