using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Checkpoints;
using MlOps.Specs.Model;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Vision;

/// <summary>
/// Loads torchvision / timm ResNet weights into a <see cref="ResNetModel"/>: a state_dict file
/// (.pt/.pth/.bin via PyTorch's pickle, or .safetensors) or a Hugging Face folder
/// (model.safetensors or pytorch_model.bin). Names map by <see cref="TorchVisionNames"/>, then the
/// shared strict check applies (missing / unexpected / mis-shaped, with shapes). BatchNorm running
/// statistics load like parameters. The one leniency: a file without <c>num_batches_tracked</c>
/// counters (older torchvision files) keeps the model's zeros, as PyTorch's own loader does.
/// </summary>
public static class ResNetWeights
{
    private const string BatchCounter = ".num_batches_tracked";

    public static readonly string[] FolderWeightFiles = ["model.safetensors", "pytorch_model.bin"];

    /// <summary>
    /// Loads <paramref name="path"/> into <paramref name="model"/> when it is a ResNet; false for other
    /// models and for TorchSharp .dat files, which the shared loader reads into the module directly.
    /// </summary>
    public static bool TryLoad(FineTuneModule model, string path, bool replaceHead, SourceLocation where)
    {
        if (model is not ResNetModel)
        {
            return false;
        }
        var file = Directory.Exists(path) ? WeightsFile(path, where) : path;
        if (CheckpointFile.Detect(file) == CheckpointFile.Format.TorchSharp)
        {
            return false;
        }
        var (stateDict, _) = CheckpointFile.ReadStateDict(file);
        try
        {
            var mapped = TorchVisionNames.Map(stateDict);
            using var counters = NewDisposeScope();
            foreach (var (name, buffer) in model.state_dict().Where(p => p.Key.EndsWith(BatchCounter, StringComparison.Ordinal)))
            {
                mapped.TryAdd(name, buffer.clone());
            }
            Apply(model, mapped, replaceHead, file, where);
        }
        finally
        {
            StateDict.Dispose(stateDict);
        }
        return true;
    }

    /// <summary>The weights file of a Hugging Face-layout folder.</summary>
    public static string WeightsFile(string folder, SourceLocation where) =>
        FolderWeightFiles.Select(f => Path.Combine(folder, f)).FirstOrDefault(File.Exists)
        ?? throw new MlOpsException(Diagnostic.Error(ResNetErrorCodes.NoWeightsInFolder,
            $"checkpoint folder '{folder}' holds no {string.Join(" or ", FolderWeightFiles)}: point base.checkpoint at the weights file, or at a folder that has one",
            where));

    private static void Apply(FineTuneModule model, Dictionary<string, Tensor> stateDict, bool replaceHead, string file, SourceLocation where)
    {
        try
        {
            CheckpointLoader.Apply(model, stateDict, replaceHead, file, where);
        }
        catch (MlOpsException e) when (e.Diagnostics is [{ Code: CheckpointErrorCodes.Mismatch } d])
        {
            throw new MlOpsException(d with
            {
                Message = d.Message + $"(names are ours: torchvision's fc.* is head.*, every other torchvision name is under backbone.; {model.GetName()} expects {model.state_dict().Count} tensors)",
            });
        }
    }
}
