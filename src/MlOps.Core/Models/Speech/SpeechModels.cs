using System.Globalization;
using MlOps.Contracts.Diagnostics;

namespace MlOps.Core.Models.Speech;

/// <summary>The registry's factories for wav2vec2 and hubert: the config comes with the checkpoint.</summary>
public static class SpeechModels
{
    /// <summary>The registry names of the speech encoder family.</summary>
    public static readonly IReadOnlyList<string> Names = ["wav2vec2", "hubert"];

    /// <exception cref="ArgumentException">No config, another architecture, or samples that do not fit.</exception>
    public static SpeechClassifier Classifier(string name, ModelShape shape)
    {
        if (shape.Config is not { } description)
        {
            throw new ArgumentException($"{name} is built from a config.json: set base.checkpoint to a Hugging Face model folder (or a model MlOps saved)", nameof(shape));
        }
        var config = SpeechConfig.Parse(description.Json, description.Source, SourceLocation.None(description.Source));
        if (config.ModelName != name)
        {
            throw new ArgumentException($"the checkpoint's config.json describes a {config.ModelName} model, not {name}: set base.model to {config.ModelName} or auto", nameof(shape));
        }
        var samples = shape.SampleShape switch { [var n] => n, [1, var n] => n, _ => -1 };
        if (samples < config.MinimumSamples)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{name} takes raw waveforms shaped [samples] with at least {config.MinimumSamples} samples (its conv stack's receptive field), not [{string.Join(", ", shape.SampleShape)}]: use data.format audiofolder or audio, whose clips it reads as waveforms"), nameof(shape));
        }
        return new SpeechClassifier(config, shape.ClassCount);
    }
}
