using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Checkpoints;
using MlOps.Specs.Model;

namespace MlOps.Core.Models.Transformers;

/// <summary>
/// Loads base.checkpoint into a BERT-family classifier, from a Hugging Face folder or a single
/// weights file (the Hub's model.safetensors / pytorch_model.bin, or a model MlOps saved), and any
/// model from a Hugging Face folder. <see cref="CheckpointLoader"/> hands these cases here.
/// </summary>
public static class TransformerCheckpoint
{
    public static bool Handles(FineTuneModule model, string path) =>
        HfCheckpointFolder.IsFolder(path)
        || (model is TransformerClassifier && CheckpointFile.Detect(path) != CheckpointFile.Format.TorchSharp);

    public static void Load(FineTuneModule model, string path, bool replaceHead, SourceLocation where, Action<string>? inform)
    {
        var state = HfCheckpointFolder.IsFolder(path) ? HfCheckpointFolder.ReadStateDict(path, where) : CheckpointFile.ReadStateDict(path).StateDict;
        try
        {
            if (model is not TransformerClassifier classifier)
            {
                // Another architecture in the Hugging Face layout: its names are expected to be ours already.
                CheckpointLoader.Apply(model, state, replaceHead, path, where);
                return;
            }
            var report = TransformerWeights.Apply(classifier, classifier.Config.Kind, classifier.HeadPrefixes, state, replaceHead, Path.GetFileName(path), where);
            classifier.PoolerIsNew = report.FreshlyInitialised.Any(n => n.StartsWith("backbone.pooler", StringComparison.Ordinal));
            foreach (var message in report.Messages(Path.GetFileName(path)))
            {
                inform?.Invoke(message);
            }
        }
        finally
        {
            StateDict.Dispose(state);
        }
    }
}
