using System.Globalization;
using System.Text.Json;

namespace MlOps.Core.Models.Checkpoints;

/// <summary>
/// What a saved model needs besides its weights to be used again: architecture, the classes its
/// head predicts, input shape, layer options and the data encoder fitted at training time.
/// Stored in the safetensors header's metadata map.
/// </summary>
public sealed record ModelMetadata(string Architecture, IReadOnlyList<string> Classes, int[] SampleShape, IReadOnlyList<int> Hidden, double Dropout, string? EncoderJson)
{
    private const string Prefix = "mlops.";

    /// <summary>The architecture's config.json text (BERT family), so the saved model can be a base checkpoint again.</summary>
    public string? ConfigJson { get; init; }

    public IReadOnlyDictionary<string, string> ToMap()
    {
        var map = new Dictionary<string, string>
        {
            [Prefix + "format_version"] = "1",
            [Prefix + "model"] = Architecture,
            [Prefix + "classes"] = JsonSerializer.Serialize(Classes),
            [Prefix + "sample_shape"] = JsonSerializer.Serialize(SampleShape),
            [Prefix + "hidden"] = JsonSerializer.Serialize(Hidden),
            [Prefix + "dropout"] = Dropout.ToString("R", CultureInfo.InvariantCulture),
        };
        if (EncoderJson is not null)
        {
            map[Prefix + "encoder"] = EncoderJson;
        }
        if (ConfigJson is not null)
        {
            map[Prefix + "config"] = ConfigJson;
        }
        return map;
    }

    /// <summary>Null when the file was not written by MlOps (e.g. a plain Hugging Face checkpoint).</summary>
    public static ModelMetadata? FromMap(IReadOnlyDictionary<string, string> map)
    {
        if (!map.TryGetValue(Prefix + "model", out var architecture))
        {
            return null;
        }
        string? Get(string key) => map.TryGetValue(Prefix + key, out var v) ? v : null;
        return new ModelMetadata(
            architecture,
            JsonSerializer.Deserialize<string[]>(Get("classes") ?? "[]") ?? [],
            JsonSerializer.Deserialize<int[]>(Get("sample_shape") ?? "[]") ?? [],
            JsonSerializer.Deserialize<int[]>(Get("hidden") ?? "[]") ?? [],
            double.Parse(Get("dropout") ?? "0", CultureInfo.InvariantCulture),
            Get("encoder"))
        {
            ConfigJson = Get("config"),
        };
    }
}
