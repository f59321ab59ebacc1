using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Model;
using MlOps.Specs.Yaml;

namespace MlOps.Specs.Binding;

/// <summary>`data.text`, `data.max_length`, `data.tokenizer`: a text column, tokenized.</summary>
internal static class TextDataBinder
{
    public sealed record TextSettings(string? Column, int MaxLength, string? Tokenizer, SourceLocation? Location);

    /// <param name="labelFilesFormat">The data format's name when it keeps labels in files (no columns, so no text column); else null.</param>
    /// <param name="tokenizerWithoutText">causal_lm instruction data: data.tokenizer applies without a text column.</param>
    public static TextSettings Bind(SpecContext ctx, MappingReader r, string? labelFilesFormat, bool tokenizerWithoutText = false)
    {
        var column = r.Text("text");
        var maxLength = r.Int("max_length", new NumberRange(8, 4096)) ?? 128;
        string? tokenizer = null;
        if (r.Value("tokenizer") is { } node)
        {
            tokenizer = ctx.Paths.Resolve(ctx, node, r.Join("tokenizer"), mustExist: false);
            if (tokenizer is not null && !File.Exists(tokenizer) && !Directory.Exists(tokenizer))
            {
                ctx.Error(SpecErrorCodes.PathNotFound, $"'{r.Join("tokenizer")}' '{((YScalar)node).Value}' does not exist (looked for '{tokenizer}'); give a tokenizer folder (tokenizer.json or vocab.txt) or file, relative to the spec", node);
                tokenizer = null;
            }
        }
        if (column is null)
        {
            foreach (var key in tokenizerWithoutText ? ["max_length"] : new[] { "max_length", "tokenizer" })
            {
                if (r.KeyNode(key) is { } keyNode)
                {
                    ctx.Error(SpecErrorCodes.NotApplicable, $"'{r.Join(key)}' only applies to text data; name the text column with 'data.text'", keyNode);
                }
            }
        }
        else if (labelFilesFormat is not null)
        {
            ctx.Error(SpecErrorCodes.NotApplicable, $"'data.text' names a text column and does not apply to format: {labelFilesFormat}", r.KeyNode("text")!);
        }
        return new TextSettings(column, maxLength, tokenizer, r.Value("text") is { } textNode ? ctx.Loc(textNode) : null);
    }
}
