namespace MlOps.Core.Models.Vision;

/// <summary>A ResNet depth as torchvision defines it: block type and blocks per stage.</summary>
public sealed record ResNetVariant(string Name, bool Bottleneck, int[] BlocksPerStage)
{
    public static readonly ResNetVariant ResNet18 = new("resnet18", Bottleneck: false, [2, 2, 2, 2]);

    public static readonly ResNetVariant ResNet50 = new("resnet50", Bottleneck: true, [3, 4, 6, 3]);

    public static IReadOnlyList<ResNetVariant> All { get; } = [ResNet18, ResNet50];

    public int Expansion => Bottleneck ? Vision.Bottleneck.Expansion : BasicBlock.Expansion;

    /// <summary>Width of the pooled features that torchvision's <c>fc</c> (our <c>head</c>) reads.</summary>
    public int FeatureSize => 512 * Expansion;

    public static ResNetVariant? Find(string name) => All.FirstOrDefault(v => v.Name == name);
}
