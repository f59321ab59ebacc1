using System.Globalization;
using MlOps.Contracts.Diagnostics;
using MlOps.Text;
using MlOps.Specs.Hub;
using MlOps.Specs.Model;

namespace MlOps.Core.Data;

/// <summary>Which tokenizer text data uses: data.tokenizer, else the base checkpoint's folder; checked against the base model.</summary>
internal static class TokenizerSource
{
    /// <summary>Ids travel as float32, exact only below 2^24.</summary>
    private const int MaxVocabulary = 1 << 24;

    public static TextTokenizer Resolve(FineTuneSpec spec, FeatureEncoder? baseEncoder)
    {
        var where = spec.Data.Location ?? SourceLocation.None(spec.SpecPath);
        TextTokenizer tokenizer;
        if (spec.Data.Tokenizer is { } path)
        {
            tokenizer = TokenizerLoader.Load(path);
        }
        else if (spec.Base.Checkpoint is { } checkpoint && TokenizerFolder.Holds(checkpoint))
        {
            tokenizer = TokenizerLoader.Load(checkpoint);
        }
        else
        {
            throw DataError.Spec(TextErrorCodes.TokenizerNotFound, where,
                $"data.text '{spec.Data.Text}' needs a tokenizer, and there is none: set data.tokenizer to a folder with tokenizer.json or vocab.txt (or to such a file), or point base.checkpoint at a Hugging Face model folder that has one.");
        }
        if (tokenizer.VocabularySize >= MaxVocabulary)
        {
            throw DataError.File(TextErrorCodes.TokenizerUnreadable, tokenizer.Source, string.Create(CultureInfo.InvariantCulture,
                $"has {tokenizer.VocabularySize} tokens; MlOps passes ids as float32, exact only below {MaxVocabulary}."));
        }
        if (baseEncoder is not null && baseEncoder.Text?.VocabularySize != tokenizer.VocabularySize)
        {
            throw DataError.Spec(TextErrorCodes.TokenizerMismatch, spec.Base.Location ?? where, baseEncoder.Text is { } text
                ? string.Create(CultureInfo.InvariantCulture, $"the base model was trained with a {text.VocabularySize}-token vocabulary, but the tokenizer '{tokenizer.Source}' has {tokenizer.VocabularySize}: use the base model's own tokenizer.")
                : $"the base model was trained on {(baseEncoder.IsImage ? "images" : "tabular data")}, but this data is text; use a text base model.");
        }
        return tokenizer;
    }
}
