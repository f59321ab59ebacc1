using MlOps.Contracts.Export;
using MlOps.Text;

namespace MlOps.Runtime;

/// <summary>
/// Text to <c>input_ids</c> with the trainer's own tokenizer (MlOps.Text) loaded from the exported
/// tokenizer file: start + subword ids + end, the first tokens kept, padded to max_length, exactly the
/// ids training fed the model.
/// </summary>
internal sealed class TextInputs
{
    private readonly TextTokenizer tokenizer;

    public TextInputs(TextPreprocessing text, string folder)
    {
        MaxLength = text.MaxLength;
        var file = text.TokenizerFiles.Count > 0 ? Path.Combine(folder, text.TokenizerFiles[0]) : null;
        if (file is null || !File.Exists(file))
        {
            throw ModelSource.Incompatible(folder, $"its tokenizer file {(file is null ? "is not named in model.json" : $"'{Path.GetFileName(file)}' is missing")}; copy the whole exported folder");
        }
        tokenizer = TokenizerLoader.Load(file);
        if (tokenizer.Special.Start != text.StartTokenId || tokenizer.Special.End != text.EndTokenId || tokenizer.PadId != text.PadTokenId)
        {
            throw ModelSource.Incompatible(folder, $"its tokenizer's special tokens ({tokenizer.Special.Start}, {tokenizer.Special.End}, pad {tokenizer.PadId}) are not the ones model.json names ({text.StartTokenId}, {text.EndTokenId}, pad {text.PadTokenId})");
        }
    }

    public int MaxLength { get; }

    public void Encode(string text, Span<long> ids)
    {
        Span<float> buffer = MaxLength <= 1024 ? stackalloc float[MaxLength] : new float[MaxLength];
        tokenizer.EncodeInto(text, buffer, out _);
        for (var i = 0; i < MaxLength; i++)
        {
            ids[i] = (long)buffer[i];
        }
    }
}
