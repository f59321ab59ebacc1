using System.Collections;
using MlOps.Specs.Hub;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Checkpoints;

/// <summary>
/// Reads a checkpoint as a state dict: safetensors (with MlOps metadata when it wrote the file)
/// or a PyTorch <c>state_dict</c> saved with <c>torch.save</c> (.pt/.pth/.bin).
/// TorchSharp's own .dat format can only be read into a built module; see <see cref="CheckpointLoader"/>.
/// </summary>
public static class CheckpointFile
{
    public enum Format { SafeTensors, PyTorch, TorchSharp }

    public static Format Detect(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".safetensors" => Format.SafeTensors,
        ".pt" or ".pth" or ".bin" => Format.PyTorch,
        ".dat" => Format.TorchSharp,
        var other => throw new InvalidDataException($"unknown checkpoint extension '{other}': use .safetensors, .pt/.pth (PyTorch state_dict) or .dat (TorchSharp)"),
    };

    public static (Dictionary<string, Tensor> StateDict, ModelMetadata? Metadata) ReadStateDict(string path)
    {
        switch (Detect(path))
        {
            case Format.SafeTensors:
                var (tensors, metadata) = SafeTensorsFile.Read(path);
                return (tensors, ModelMetadata.FromMap(metadata));
            case Format.PyTorch:
                var table = PyTorchUnpickler.UnpickleStateDict(path);
                var dict = new Dictionary<string, Tensor>(StringComparer.Ordinal);
                foreach (DictionaryEntry entry in table)
                {
                    if (entry.Value is Tensor tensor)
                    {
                        dict[(string)entry.Key] = tensor;
                    }
                }
                return (dict, null);
            default:
                throw new InvalidOperationException("TorchSharp .dat checkpoints are read into a module, not as a state dict");
        }
    }

    /// <summary>Metadata only (cheap): null for formats or files that carry none.</summary>
    public static ModelMetadata? ReadMetadata(string path)
    {
        path = HubLayout.SingleWeightsFile(path); // a Hugging Face-layout folder: its weights file
        if (Directory.Exists(path))
        {
            return null; // a sharded folder carries no MlOps metadata
        }
        return Detect(path) == Format.SafeTensors ? ModelMetadata.FromMap(SafeTensorsFile.ReadMetadata(path)) : null;
    }

    public static void Save(FineTuneModule model, ModelMetadata metadata, string path)
    {
        var state = model.state_dict();
        SafeTensorsFile.Write(path, state, metadata.ToMap());
    }
}
