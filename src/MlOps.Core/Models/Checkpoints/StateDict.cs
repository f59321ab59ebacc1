using static TorchSharp.torch;

namespace MlOps.Core.Models.Checkpoints;

/// <summary>Copying weights between a model and a name → tensor map, without gradients.</summary>
public static class StateDict
{
    /// <summary>Copies every tensor of the model from <paramref name="weights"/> (same names and shapes).</summary>
    public static void CopyInto(nn.Module model, IReadOnlyDictionary<string, Tensor> weights)
    {
        using var _ = no_grad();
        foreach (var (name, target) in model.state_dict())
        {
            target.copy_(weights[name]);
        }
    }

    public static void Dispose(IReadOnlyDictionary<string, Tensor>? tensors)
    {
        foreach (var tensor in tensors?.Values ?? Enumerable.Empty<Tensor>())
        {
            tensor.Dispose();
        }
    }
}
