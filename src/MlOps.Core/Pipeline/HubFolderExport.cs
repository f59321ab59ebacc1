using MlOps.Contracts.Results;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Transformers;
using MlOps.Specs.Hub;
using static TorchSharp.torch;

namespace MlOps.Core.Pipeline;

/// <summary>
/// A pretrained encoder as a Hugging Face model folder: config.json, model.safetensors under the
/// Hub's names (<c>bert.encoder…</c>, <c>cls.predictions…</c>) and the tokenizer files, which is
/// what <c>base.checkpoint</c> (and transformers' from_pretrained) reads.
/// </summary>
internal static class HubFolderExport
{
    public static void Write(string folder, nn.Module<Tensor, Tensor> model, TransformerConfig config, string? tokenizerSource)
    {
        Directory.CreateDirectory(folder);
        OutputLayout.WriteAtomically(Path.Combine(folder, "config.json"), config.Json);
        var state = model.state_dict().ToDictionary(p => HubNameMap.ToHub(config.Kind, p.Key), p => p.Value);
        SafeTensorsFile.Write(Path.Combine(folder, "model.safetensors"), state, new Dictionary<string, string> { ["format"] = "pt" });
        foreach (var file in TokenizerFolder.InputFiles(tokenizerSource))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        }
    }
}
