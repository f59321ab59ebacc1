using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Checkpoints;
using MlOps.Specs.Hub;
using MlOps.Specs.Model;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Transformers;

/// <summary>
/// A model folder in the Hugging Face layout: <c>config.json</c> and the weights as
/// <c>model.safetensors</c>, a sharded <c>model.safetensors.index.json</c> (or its
/// <c>pytorch_model.bin</c> twin), or <c>pytorch_model.bin</c>.
/// </summary>
public static class HfCheckpointFolder
{
    public const string ConfigFile = "config.json";
    private static readonly string[] WeightFiles =
        ["model.safetensors", "model.safetensors.index.json", "pytorch_model.bin", "pytorch_model.bin.index.json"];

    public static bool IsFolder(string path) => Directory.Exists(path);

    public static string ConfigPath(string folder) => Path.Combine(folder, ConfigFile);

    /// <summary>The weights file (or index) that will be read, or null when the folder has none.</summary>
    public static string? WeightsPath(string folder) =>
        WeightFiles.Select(f => Path.Combine(folder, f)).FirstOrDefault(File.Exists);

    /// <summary>Every tensor of the folder's weights, shards joined, under the file's own names.</summary>
    public static Dictionary<string, Tensor> ReadStateDict(string folder, SourceLocation where)
    {
        var weights = WeightsPath(folder) ?? throw new MlOpsException(Diagnostic.Error(TransformerErrorCodes.NoWeights,
            $"'{folder}' has no weights: expected one of {string.Join(", ", WeightFiles)}", where));
        return weights.EndsWith(".index.json", StringComparison.Ordinal)
            ? ReadSharded(folder, weights, where)
            : CheckpointFile.ReadStateDict(weights).StateDict;
    }

    private static Dictionary<string, Tensor> ReadSharded(string folder, string indexPath, SourceLocation where)
    {
        var weightMap = HubLayout.WeightMap(File.ReadAllText(indexPath));
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var shard in weightMap.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                var shardPath = Path.Combine(folder, shard);
                if (shard.Contains('/', StringComparison.Ordinal) || shard.Contains('\\', StringComparison.Ordinal) || !File.Exists(shardPath))
                {
                    throw new MlOpsException(Diagnostic.Error(TransformerErrorCodes.NoWeights,
                        $"'{indexPath}' names shard '{shard}', which is not in '{folder}': download the complete checkpoint", where));
                }
                foreach (var (name, tensor) in CheckpointFile.ReadStateDict(shardPath).StateDict)
                {
                    if (weightMap.GetValueOrDefault(name) == shard && state.TryAdd(name, tensor))
                    {
                        continue;
                    }
                    tensor.Dispose(); // a tensor the index places elsewhere (or twice) is not trusted
                }
            }
            var absent = weightMap.Keys.Where(k => !state.ContainsKey(k)).ToList();
            if (absent.Count > 0)
            {
                throw new InvalidDataException($"'{indexPath}' lists {absent.Count} tensors its shards do not hold: {string.Join(", ", absent.Take(8))}");
            }
            return state;
        }
        catch
        {
            StateDict.Dispose(state);
            throw;
        }
    }
}
