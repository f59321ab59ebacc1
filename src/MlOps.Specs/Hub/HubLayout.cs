using System.Text.Json;

namespace MlOps.Specs.Hub;

/// <summary>
/// The files of a checkpoint in the Hugging Face layout: config.json, the weights (one
/// safetensors file, a sharded index with its shards, or pytorch_model.bin) and tokenizer files.
/// </summary>
public static class HubLayout
{
    public const string Config = "config.json";
    public const string SafeTensors = "model.safetensors";
    public const string SafeTensorsIndex = "model.safetensors.index.json";
    public const string PyTorchBin = "pytorch_model.bin";

    /// <summary>Fetched when the repository has them; a 404 is fine.</summary>
    public static readonly IReadOnlyList<string> TokenizerFiles =
        ["tokenizer.json", "tokenizer_config.json", "vocab.txt", "vocab.json", "merges.txt", "special_tokens_map.json", "preprocessor_config.json"];

    /// <summary>An index's weight_map: tensor name → the shard file that holds it.</summary>
    public static IReadOnlyDictionary<string, string> WeightMap(string indexJson)
    {
        using var document = JsonDocument.Parse(indexJson);
        if (!document.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{SafeTensorsIndex} has no weight_map");
        }
        return map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);
    }

    /// <summary>The shard file names an index names (weight_map values), in order, without repeats.</summary>
    public static IReadOnlyList<string> ShardsOf(string indexJson)
    {
        var shards = WeightMap(indexJson).Values.Distinct(StringComparer.Ordinal).ToList();
        if (shards.Any(s => s.Length == 0 || s.Contains("..", StringComparison.Ordinal) || s.StartsWith('/') || s.Contains('\\', StringComparison.Ordinal)))
        {
            throw new InvalidDataException($"{SafeTensorsIndex} names a shard outside the checkpoint folder");
        }
        return shards;
    }

    /// <summary>What a folder lacks to be a usable checkpoint (config.json, weights, shards), or an empty list.</summary>
    public static IReadOnlyList<string> Missing(string folder)
    {
        var missing = new List<string>();
        if (!File.Exists(Path.Combine(folder, Config)))
        {
            missing.Add(Config);
        }
        if (File.Exists(Path.Combine(folder, SafeTensors)) || File.Exists(Path.Combine(folder, PyTorchBin)))
        {
            return missing;
        }
        var index = Path.Combine(folder, SafeTensorsIndex);
        if (!File.Exists(index))
        {
            missing.Add($"{SafeTensors} (or {SafeTensorsIndex} with its shards, or {PyTorchBin})");
            return missing;
        }
        try
        {
            missing.AddRange(ShardsOf(File.ReadAllText(index)).Where(s => !File.Exists(Path.Combine(folder, s))));
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            missing.Add($"a readable {SafeTensorsIndex} ({e.Message})");
        }
        return missing;
    }

    /// <summary>
    /// The single weights file of a checkpoint folder (model.safetensors, else pytorch_model.bin);
    /// any other path (a file, or a sharded folder) comes back unchanged.
    /// </summary>
    public static string SingleWeightsFile(string path)
    {
        if (!Directory.Exists(path))
        {
            return path;
        }
        var safetensors = Path.Combine(path, SafeTensors);
        var bin = Path.Combine(path, PyTorchBin);
        return File.Exists(safetensors) ? safetensors : File.Exists(bin) ? bin : path;
    }
}
