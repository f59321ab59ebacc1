using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Transformers;

namespace MlOps.Core.Models.Speech;

/// <summary>
/// Loads a speech encoder's weights by name from a Hugging Face folder (model.safetensors, a sharded
/// index, pytorch_model.bin) or one weights file (the Hub's, or a model MlOps saved): names mapped
/// by <see cref="SpeechNames"/>, then the shared strict check (missing, unexpected, mis-shaped, with
/// shapes). Not used, and reported: pretraining tensors (quantizer, CTC lm_head), and masked_spec_embed
/// when the config masks nothing. A config that masks but a file without masked_spec_embed keeps the
/// model's uniform draw, as transformers' from_pretrained leaves a missing parameter at its init.
/// </summary>
public static class SpeechWeights
{
    private const string MaskEmbed = "backbone.masked_spec_embed";

    /// <summary>The Hub name of masked_spec_embed when the model has one and the file does not.</summary>
    private static string? MissingMaskEmbed(SpeechClassifier classifier, IReadOnlyDictionary<string, TorchSharp.torch.Tensor> state) =>
        classifier.Config.HasMaskedSpecEmbed && !state.Keys.Any(k => SpeechNames.ToOurs(classifier.Config, k) == MaskEmbed)
            ? SpeechNames.ToHub(classifier.Config, MaskEmbed)
            : null;

    /// <summary>Loads into a <see cref="SpeechClassifier"/>; false for other models (and TorchSharp .dat files).</summary>
    public static bool TryLoad(FineTuneModule model, string path, bool replaceHead, SourceLocation where, Action<string>? inform)
    {
        if (model is not SpeechClassifier classifier
            || (!Directory.Exists(path) && CheckpointFile.Detect(path) == CheckpointFile.Format.TorchSharp))
        {
            return false;
        }
        var state = Directory.Exists(path) ? HfCheckpointFolder.ReadStateDict(path, where) : CheckpointFile.ReadStateDict(path).StateDict;
        try
        {
            var config = classifier.Config;
            if (MissingMaskEmbed(classifier, state) is { } hubName)
            {
                state = new Dictionary<string, TorchSharp.torch.Tensor>(state) { [hubName] = classifier.state_dict()[MaskEmbed].clone() };
                inform?.Invoke($"{Path.GetFileName(path)} has no {hubName}: SpecAugment's mask vector starts from a uniform draw, as in transformers");
            }
            var report = TransformerWeights.Apply(classifier, config.ModelName, n => SpeechNames.ToOurs(config, n), classifier.HeadPrefixes, state,
                replaceHead, Path.GetFileName(path), where, SpeechNames.IsNotUsed);
            foreach (var message in report.Messages(Path.GetFileName(path)))
            {
                inform?.Invoke(message);
            }
            return true;
        }
        finally
        {
            StateDict.Dispose(state);
        }
    }
}
