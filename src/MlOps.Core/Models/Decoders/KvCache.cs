using static TorchSharp.torch;

namespace MlOps.Core.Models.Decoders;

/// <summary>
/// Keys and values of the tokens already seen, per layer ([batch, key/value heads, length, head_dim],
/// before grouped heads are repeated), so each generation step computes only the new token. Holds
/// its tensors outside any dispose scope; dispose the cache when the generation is done.
/// </summary>
public sealed class KvCache : IDisposable
{
    private readonly (Tensor Keys, Tensor Values)?[] layers;

    public KvCache(int layerCount) => layers = new (Tensor, Tensor)?[layerCount];

    /// <summary>How many positions are cached (0 before the first step).</summary>
    public long Length => layers[0]?.Keys.shape[2] ?? 0;

    /// <summary>Appends this step's keys and values to layer <paramref name="layer"/>'s and returns all of them (in the caller's scope).</summary>
    public (Tensor Keys, Tensor Values) Append(int layer, Tensor keys, Tensor values)
    {
        var (allKeys, allValues) = layers[layer] is { } old
            ? (cat([old.Keys, keys], 2), cat([old.Values, values], 2))
            : (keys.detach().clone(), values.detach().clone());
        if (layers[layer] is { } previous)
        {
            previous.Keys.Dispose();
            previous.Values.Dispose();
        }
        allKeys.DetachFromDisposeScope();
        allValues.DetachFromDisposeScope();
        layers[layer] = (allKeys, allValues);
        return (allKeys.alias(), allValues.alias());
    }

    public void Dispose()
    {
        foreach (var entry in layers)
        {
            entry?.Keys.Dispose();
            entry?.Values.Dispose();
        }
        Array.Clear(layers);
    }
}
