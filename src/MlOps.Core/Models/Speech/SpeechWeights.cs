using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Transformers;

namespace MlOps.Core.Models.Speech;

/// <summary>
/// Loads a speech encoder's weights by name from a Hugging Face folder (model.safetensors, a sharded
/// index, pytorch_model.bin) or one weights file (the Hub's, or a model MlOps saved): names mapped
/// by <see cref="SpeechNames"/>, then the shared strict check (missing, unexpected, mis-shaped, with
/// shapes). Not used, and reported: pretraining tensors (quantizer, masked_spec_embed, CTC lm_head).
/// </summary>
public static class SpeechWeights
{
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
