using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Model;

namespace MlOps.Core.Models.Transformers;

/// <summary>The registry's factories for bert, distilbert and roberta: the config comes with the checkpoint.</summary>
public static class TransformerModels
{
    /// <summary>The registry names of the BERT family.</summary>
    public static readonly IReadOnlyList<string> Names = ["bert", "distilbert", "roberta"];

    public static TransformerClassifier Classifier(ModelShape shape, TransformerKind kind)
    {
        var name = kind.ToString().ToLowerInvariant();
        if (shape.Config is not { } description)
        {
            throw new ArgumentException($"{name} is built from a config.json: set base.checkpoint to a Hugging Face model folder (or a model MlOps saved)", nameof(shape));
        }
        var config = TransformerConfig.Parse(description.Json, description.Source, SourceLocation.None(description.Source));
        if (config.Kind != kind)
        {
            throw new ArgumentException($"the checkpoint's config.json describes a {config.ModelName} model, not {name}: set base.model to {config.ModelName} or auto", nameof(shape));
        }
        // RoBERTa spends padding_idx + 1 position slots before the first token.
        var usablePositions = kind == TransformerKind.Roberta ? config.MaxPositions - config.PadTokenId - 1 : config.MaxPositions;
        if (shape.SampleShape is not [var length] || length > usablePositions)
        {
            throw new ArgumentException(
                $"{name} takes token ids shaped [max_length] with max_length ≤ {usablePositions}, not [{string.Join(", ", shape.SampleShape)}]: encode a text column with the checkpoint's tokenizer", nameof(shape));
        }
        return new TransformerClassifier(config, shape.ClassCount);
    }
}
