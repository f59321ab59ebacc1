using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Hub;
using MlOps.Core.Models.Transformers;
using MlOps.Specs.Hub;
using MlOps.Specs.Model;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Decoders;

/// <summary>
/// Loads a decoder's weights by name from a Hugging Face folder (model.safetensors, a sharded
/// model.safetensors.index.json, pytorch_model.bin) or one weights file (the Hub's, or a model MlOps
/// saved): names mapped by <see cref="DecoderNames"/>, then the shared strict check (missing,
/// unexpected, mis-shaped, with shapes). Not used, and reported: buffers older files carry, and
/// <c>lm_head</c> where nothing computes it (a classifier, or a tied head).
/// </summary>
public static class DecoderWeights
{
    /// <summary>Loads into a <see cref="DecoderClassifier"/>; false for other models (and TorchSharp .dat files).</summary>
    public static bool TryLoad(FineTuneModule model, string path, bool replaceHead, SourceLocation where, Action<string>? inform)
    {
        if (model is not DecoderClassifier classifier
            || (!Directory.Exists(path) && CheckpointFile.Detect(path) == CheckpointFile.Format.TorchSharp))
        {
            return false;
        }
        Load(classifier, classifier.Config, classifier.HeadPrefixes, path, replaceHead, where, inform);
        return true;
    }

    /// <summary>
    /// A language model from a Hugging Face folder, or <c>hf://owner/name[@revision]</c> through the
    /// Hub cache (downloaded unless HF_HUB_OFFLINE): config.json, then the weights, strictly.
    /// </summary>
    public static DecoderForCausalLm CausalLm(string folderOrHub, SourceLocation where, Action<string>? inform = null, CancellationToken cancel = default)
    {
        var folder = folderOrHub;
        if (folderOrHub.StartsWith(HubModelId.Scheme, StringComparison.Ordinal))
        {
            try
            {
                folder = new HubSnapshotResolver(HubOptions.FromEnvironment()) { OnWarning = inform }.Resolve(HubModelId.Parse(folderOrHub), cancel).Folder;
            }
            catch (HubException e)
            {
                throw new MlOpsException(Diagnostic.Error(e.Code, e.Message, where));
            }
        }
        var config = DecoderConfig.Read(HfCheckpointFolder.ConfigPath(folder), where);
        var model = new DecoderForCausalLm(config);
        try
        {
            Load(model, config, [], folder, replaceHead: false, where, inform);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>A checkpoint (Hugging Face folder, or a weights file) into a language model built from its config.</summary>
    public static void LoadInto(DecoderForCausalLm model, string path, SourceLocation where, Action<string>? inform)
    {
        ArgumentNullException.ThrowIfNull(model);
        Load(model, model.Config, [], path, replaceHead: false, where, inform);
    }

    private static void Load(nn.Module model, DecoderConfig config, IReadOnlyList<string> headPrefixes, string path, bool replaceHead, SourceLocation where, Action<string>? inform)
    {
        var state = Directory.Exists(path) ? HfCheckpointFolder.ReadStateDict(path, where) : CheckpointFile.ReadStateDict(path).StateDict;
        try
        {
            DecoderNames.ToLinearLayout(config.Kind, state);
            var computesLmHead = model is DecoderForCausalLm && !config.TieWordEmbeddings;
            bool NotUsed(string ours) => DecoderNames.IsBuffer(ours) || (!computesLmHead && ours.StartsWith("lm_head.", StringComparison.Ordinal));
            var report = TransformerWeights.Apply(model, config.ModelName, n => DecoderNames.ToOurs(config.Kind, n), headPrefixes, state,
                replaceHead, Path.GetFileName(path), where, NotUsed);
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
