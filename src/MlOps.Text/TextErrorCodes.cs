namespace MlOps.Text;

/// <summary>Stable diagnostic codes of text data and tokenizers (MLOPS230–239).</summary>
public static class TextErrorCodes
{
    /// <summary>Text data has no tokenizer: neither data.tokenizer nor a base checkpoint folder with tokenizer files.</summary>
    public const string TokenizerNotFound = "MLOPS230";
    /// <summary>A tokenizer file is malformed or of a kind that is not supported.</summary>
    public const string TokenizerUnreadable = "MLOPS231";
    /// <summary>The text column named by data.text is not in the file.</summary>
    public const string TextColumnMissing = "MLOPS232";
    /// <summary>A row's text is empty (under data.missing: error).</summary>
    public const string EmptyText = "MLOPS233";
    /// <summary>A text data file is not valid UTF-8.</summary>
    public const string NotUtf8 = "MLOPS234";
    /// <summary>Warning: more than 5% of the rows are longer than data.max_length and were truncated.</summary>
    public const string ManyTruncated = "MLOPS235";
    /// <summary>The tokenizer does not fit the base model (vocabulary size differs, or the base model is not a text model).</summary>
    public const string TokenizerMismatch = "MLOPS236";
}
