using System.Text.Json.Nodes;
using MlOps.Contracts.Diagnostics;

namespace MlOps.Core.Models.Decoders;

/// <summary>
/// config.json <c>rope_scaling</c> (or transformers 5's <c>rope_parameters</c>): <c>linear</c>
/// divides every rotary frequency by the factor; <c>llama3</c> divides the low frequencies, keeps the
/// high ones and blends between (Llama 3.1's long-context recipe). Others are refused.
/// </summary>
public sealed record RopeScaling(string Type, double Factor, double LowFreqFactor, double HighFreqFactor, int OriginalMaxPositions)
{
    /// <summary>Null for none (absent, null, or type "default").</summary>
    internal static RopeScaling? Read(JsonObject? node, string source, SourceLocation where)
    {
        if (node is null)
        {
            return null;
        }
        var r = new ConfigReader(node, source, where);
        var type = r.Text("rope_type") ?? r.Text("type") ?? "default";
        double Required(string key) => r.Number(key)
            ?? throw DecoderConfig.Fail(DecoderErrorCodes.BadConfig, $"'{source}': rope_scaling of type {type} needs \"{key}\"", where);
        return type switch
        {
            "default" => null,
            "linear" => new RopeScaling(type, Required("factor"), 0, 0, 0),
            "llama3" => new RopeScaling(type, Required("factor"), Required("low_freq_factor"), Required("high_freq_factor"),
                r.Int("original_max_position_embeddings") ?? (int)Required("original_max_position_embeddings")),
            _ => throw DecoderConfig.Fail(DecoderErrorCodes.RopeScaling,
                $"'{source}' has rope_scaling type '{type}': MlOps computes linear and llama3 scaling; use a checkpoint with one of those (or none)", where),
        };
    }
}
