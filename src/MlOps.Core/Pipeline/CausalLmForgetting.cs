using MlOps.Core.Data;
using MlOps.Core.Data.CausalLm;
using MlOps.Core.Evaluation;
using MlOps.Core.Models.Decoders;
using MlOps.Core.Training;
using TorchSharp;

namespace MlOps.Core.Pipeline;

/// <summary>
/// causal_lm's <c>evaluation.forgetting: { text: … }</c>: the token-mean loss and perplexity of the base
/// checkpoint and of the fine-tuned model on general plain text. Each non-blank line is a text (bos and
/// eos around it, as data.text rows), all joined and cut into training.max_length blocks, the way the
/// plain-text splits are scored, so the figures compare with val_perplexity. A rise is what the
/// fine-tuning made the model forget of language in general.
/// </summary>
internal static class CausalLmForgetting
{
    /// <summary>Null without `text:` forgetting (or without the base checkpoint the binder requires).</summary>
    public static (IReadOnlyDictionary<string, double> Base, IReadOnlyDictionary<string, double> FineTuned)? Evaluate(RunContext run, DecoderForCausalLm model)
    {
        if (run.Spec.Evaluation.Forgetting is not { PlainText: true } forgetting || run.Spec.Base.Checkpoint is not { } checkpoint
            || run.Data.Tokenizer is not { } tokenizer)
        {
            return null;
        }
        var maxLength = run.Spec.Training.SequenceLength;
        var encoder = new SequenceEncoder(tokenizer, maxLength, trainOnPrompt: true);
        Utf8Check.Require(forgetting.Data);
        var texts = File.ReadAllLines(forgetting.Data)
            .Select((text, i) => (Text: text, Line: i + 1))
            .Where(t => !string.IsNullOrWhiteSpace(t.Text))
            .Select(t => encoder.EncodeText(t.Text, t.Line))
            .ToList();
        if (texts.Count == 0)
        {
            throw DataError.File(DataErrorCodes.Empty, forgetting.Data, "has no text to measure forgetting on (evaluation.forgetting.text): write general plain text into it, one or more lines.");
        }
        var (features, lengths, _) = SequenceRows.Pack(texts, maxLength);
        using var split = new TensorSplit(features, [2, maxLength], new long[lengths.Length], run.Device);
        var batch = Math.Min(run.Spec.Training.BatchSize, lengths.Length);
        var fineTuned = CausalLmLoss.Evaluate(model, split, batch);
        using var baseModel = new DecoderForCausalLm(model.Config);
        DecoderWeights.LoadInto(baseModel, checkpoint, run.BaseLocation, inform: null);
        baseModel.to(run.Device);
        return (CausalLmLoss.Evaluate(baseModel, split, batch), fineTuned);
    }
}
