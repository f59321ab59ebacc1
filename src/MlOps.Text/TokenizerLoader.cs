using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.IO;

namespace MlOps.Text;

/// <summary>
/// Loads a tokenizer from a model folder in the Hugging Face layout, or from one of its files:
/// <c>tokenizer.json</c> first, else <c>vocab.txt</c> (WordPiece; lowercase from tokenizer_config.json's
/// do_lower_case, true when absent as in HF), else <c>vocab.json</c> + <c>merges.txt</c> (byte-level BPE,
/// RoBERTa-style &lt;s&gt; … &lt;/s&gt;), else <c>tokenizer.model</c> (SentencePiece BPE, Llama 2's slow tokenizer).
/// </summary>
public static class TokenizerLoader
{
    /// <summary>Throws <see cref="MlOpsException"/> (MLOPS230 when nothing is there, MLOPS231 when a file is bad).</summary>
    public static TextTokenizer Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var folder = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
        var file = Directory.Exists(path) ? TokenizerFileNames.Vocabularies.Select(f => Path.Combine(folder, f)).FirstOrDefault(File.Exists) : path;
        if (file is null || !File.Exists(file))
        {
            throw new MlOpsException(Diagnostic.Error(TextErrorCodes.TokenizerNotFound,
                $"'{path}' holds no tokenizer: expected tokenizer.json, vocab.txt (WordPiece), vocab.json + merges.txt (BPE) or tokenizer.model (SentencePiece)", SourceLocation.None(path)));
        }
        var config = TokenizerConfig.Read(folder);
        try
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
            {
                return WordPieceFactory.Create(WordPieceFactory.ReadVocabFile(file), config.LowerCase ?? true, config.StripAccents,
                    SpecialTokenNames.For(TokenizerKind.WordPiece, config), config, file);
            }
            if (name.EndsWith(".model", StringComparison.OrdinalIgnoreCase))
            {
                return Hf.SentencePieceFactory.Create(file, config);
            }
            if (string.Equals(name, "vocab.json", StringComparison.OrdinalIgnoreCase))
            {
                return LoadByteLevelBpe(file, folder, config);
            }
            return HfTokenizerFile.Load(file, config);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException)
        {
            throw TokenizerJson.Unreadable(file, $"cannot be read: {e.Message}");
        }
    }

    private static TextTokenizer LoadByteLevelBpe(string vocabFile, string folder, TokenizerConfig config)
    {
        var mergesFile = Path.Combine(folder, "merges.txt");
        if (!File.Exists(mergesFile))
        {
            throw TokenizerJson.Unreadable(vocabFile, "is a BPE vocabulary, but merges.txt is not beside it; BPE needs both files");
        }
        using var doc = TokenizerJson.Parse(vocabFile);
        var vocabulary = TokenizerJson.Vocabulary(doc.RootElement, vocabFile);
        var names = SpecialTokenNames.For(TokenizerKind.Bpe, config);
        var settings = new BpeFactory.Settings(ByteLevel: true, LowerCase: config.LowerCase ?? false, names.Unknown, null, null);
        return BpeFactory.Create(vocabulary, BpeFactory.ReadMergesFile(mergesFile), settings, names, config, vocabFile);
    }
}
