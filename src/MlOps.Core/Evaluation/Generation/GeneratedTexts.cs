using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Decoders;
using MlOps.Text;

namespace MlOps.Core.Evaluation.Generation;

/// <summary>Prompts (token ids) to decoded continuations, a few at a time: left padding does not change a prompt's continuation.</summary>
public static class GeneratedTexts
{
    public const int BatchSize = 8;

    public static IReadOnlyList<string> Of(DecoderForCausalLm model, TextTokenizer tokenizer, IReadOnlyList<IReadOnlyList<int>> prompts, GenerationOptions options, SourceLocation where)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(tokenizer);
        var outputs = new List<string>(prompts.Count);
        for (var start = 0; start < prompts.Count; start += BatchSize)
        {
            foreach (var ids in TextGeneration.Generate(model, prompts.Skip(start).Take(BatchSize).ToList(), options, where))
            {
                outputs.Add(tokenizer.Decode(ids, skipSpecialTokens: true));
            }
        }
        return outputs;
    }
}
