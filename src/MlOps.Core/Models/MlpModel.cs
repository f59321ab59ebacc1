using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models;

/// <summary>`mlp`: tabular features → hidden layers (Linear, ReLU, Dropout) → head.</summary>
public sealed class MlpModel : FineTuneModule
{
    private readonly Sequential backbone;

    public MlpModel(ModelShape shape)
        : base("mlp", shape.Hidden.Count > 0 ? shape.Hidden[^1] : shape.InputSize, shape.ClassCount)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        var width = shape.InputSize;
        for (var i = 0; i < shape.Hidden.Count; i++)
        {
            layers.Add(($"fc{i + 1}", nn.Linear(width, shape.Hidden[i])));
            layers.Add(($"relu{i + 1}", nn.ReLU()));
            if (shape.Dropout > 0)
            {
                layers.Add(($"dropout{i + 1}", nn.Dropout(shape.Dropout)));
            }
            width = shape.Hidden[i];
        }
        backbone = nn.Sequential(layers);
        RegisterComponents();
    }

    public override Tensor Features(Tensor input) => backbone.forward(input.flatten(1));
}
