using System.Globalization;
using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Model;

namespace MlOps.Core.Models.Decoders;

/// <summary>The registry's factories for the decoders: the config comes with the checkpoint.</summary>
public static class DecoderModels
{
    /// <exception cref="ArgumentException">No config, another architecture, or token ids that do not fit.</exception>
    public static DecoderClassifier Classifier(string name, ModelShape shape)
    {
        if (shape.Config is not { } description)
        {
            throw new ArgumentException($"{name} is built from a config.json: set base.checkpoint to a Hugging Face model folder (or a model MlOps saved)", nameof(shape));
        }
        var config = DecoderConfig.Parse(description.Json, description.Source, SourceLocation.None(description.Source));
        if (config.ModelName != name)
        {
            throw new ArgumentException($"the checkpoint's config.json describes a {config.ModelName} model, not {name}: set base.model to {config.ModelName} or auto", nameof(shape));
        }
        if (shape.SampleShape is not [var length] || length > config.MaxPositions)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{name} takes token ids shaped [max_length] with max_length ≤ {config.MaxPositions}, not [{string.Join(", ", shape.SampleShape)}]: encode a text column with the checkpoint's tokenizer"), nameof(shape));
        }
        if (config.SlidingWindow is { } window && config.AttentionWindow is null && length > window)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{name} attends within a sliding window of {window} tokens, and data.max_length is {length}: MlOps does not compute Qwen2's sliding-window attention (layers from max_window_layers on); set data.max_length to at most {window}"), nameof(shape));
        }
        return new DecoderClassifier(config, shape.ClassCount);
    }
}
