using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Hub;
using MlOps.Specs.Model;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Checkpoints;

/// <summary>
/// Puts checkpoint weights into a built model: strictly (every tensor present, nothing extra,
/// shapes equal), except for the head when it is being replaced. A mismatch is one error that
/// lists the missing, unexpected and mis-shaped tensors.
/// </summary>
public static class CheckpointLoader
{
    /// <param name="replaceHead">True: the head (<see cref="FineTuneModule.HeadPrefixes"/>) stays freshly initialised and is ignored in the file.</param>
    /// <param name="inform">Receives info lines (tensors not used, parts freshly initialised); may be null.</param>
    public static void Load(FineTuneModule model, string path, bool replaceHead, SourceLocation where, Action<string>? inform = null)
    {
        path = HubLayout.SingleWeightsFile(path); // a Hugging Face-layout folder: its weights file
        try
        {
            // ResNet first: the transformers' loader claims every Hugging Face folder.
            if (Vision.ResNetWeights.TryLoad(model, path, replaceHead, where))
            {
                return;
            }
            if (Decoders.DecoderWeights.TryLoad(model, path, replaceHead, where, inform))
            {
                return;
            }
            if (Speech.SpeechWeights.TryLoad(model, path, replaceHead, where, inform))
            {
                return;
            }
            if (Transformers.TransformerCheckpoint.Handles(model, path))
            {
                Transformers.TransformerCheckpoint.Load(model, path, replaceHead, where, inform);
                return;
            }
            if (CheckpointFile.Detect(path) == CheckpointFile.Format.TorchSharp)
            {
                LoadTorchSharp(model, path, replaceHead, where);
                return;
            }
            var (stateDict, _) = CheckpointFile.ReadStateDict(path);
            try
            {
                Apply(model, stateDict, replaceHead, path, where);
            }
            finally
            {
                StateDict.Dispose(stateDict);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException or System.Text.Json.JsonException or ArgumentException)
        {
            throw new MlOpsException(Diagnostic.Error(CheckpointErrorCodes.Unreadable, $"cannot read checkpoint '{path}': {e.Message}", where));
        }
    }

    public static void Apply(FineTuneModule model, IReadOnlyDictionary<string, Tensor> stateDict, bool replaceHead, string path, SourceLocation where)
    {
        bool Considered(string name) => !(replaceHead && model.IsHead(name));
        var expected = model.state_dict().Where(p => Considered(p.Key)).ToDictionary(p => p.Key, p => p.Value);
        var missing = expected.Keys.Where(k => !stateDict.ContainsKey(k)).ToList();
        var unexpected = stateDict.Keys.Where(k => Considered(k) && !expected.ContainsKey(k)).ToList();
        var misshaped = expected.Where(p => stateDict.TryGetValue(p.Key, out var t) && !t.shape.SequenceEqual(p.Value.shape))
            .Select(p => $"{p.Key} (model [{string.Join(",", p.Value.shape)}], file [{string.Join(",", stateDict[p.Key].shape)}])")
            .ToList();
        if (missing.Count + unexpected.Count + misshaped.Count > 0)
        {
            throw new MlOpsException(Diagnostic.Error(CheckpointErrorCodes.Mismatch,
                $"checkpoint '{Path.GetFileName(path)}' does not fit model '{model.GetName()}': "
                + TensorNameList.Describe("missing", missing) + TensorNameList.Describe("unexpected", unexpected) + TensorNameList.Describe("mis-shaped", misshaped)
                + "check base.model and base.hidden against the model that wrote the checkpoint, or use head: replace for a new label set",
                where));
        }
        using var _ = no_grad();
        foreach (var (name, target) in expected)
        {
            target.copy_(stateDict[name].to(target.dtype));
        }
    }

    private static void LoadTorchSharp(FineTuneModule model, string path, bool replaceHead, SourceLocation where)
    {
        var loaded = new Dictionary<string, bool>();
        IList<string> skip = replaceHead ? [.. model.state_dict().Keys.Where(model.IsHead)] : [];
        try
        {
            model.load(path, strict: !replaceHead, skip: skip, loadedParameters: loaded);
        }
        catch (ArgumentException e)
        {
            throw new MlOpsException(Diagnostic.Error(CheckpointErrorCodes.Mismatch, $"checkpoint '{Path.GetFileName(path)}' does not fit model '{model.GetName()}': {e.Message}", where));
        }
        var missing = model.state_dict().Keys.Where(k => !skip.Contains(k) && !(loaded.TryGetValue(k, out var ok) && ok)).ToList();
        if (missing.Count > 0)
        {
            throw new MlOpsException(Diagnostic.Error(CheckpointErrorCodes.Mismatch, $"checkpoint '{Path.GetFileName(path)}' does not fit model '{model.GetName()}': {TensorNameList.Describe("missing", missing)}", where));
        }
    }
}
