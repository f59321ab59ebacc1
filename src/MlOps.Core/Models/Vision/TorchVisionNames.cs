using static TorchSharp.torch;

namespace MlOps.Core.Models.Vision;

/// <summary>
/// torchvision (and timm, which uses the same names for resnet18/50) state-dict names → ours:
/// <c>fc.*</c> → <c>head.*</c>, everything else under <c>backbone.</c>. A DataParallel
/// <c>module.</c> prefix is dropped first. Files MlOps wrote already use our names and pass unchanged.
/// </summary>
public static class TorchVisionNames
{
    private const string Head = "head.";
    private const string Backbone = "backbone.";
    private const string TorchVisionHead = "fc.";
    private const string DataParallelPrefix = "module.";

    public static string ToOurs(string name)
    {
        if (name.StartsWith(DataParallelPrefix, StringComparison.Ordinal))
        {
            name = name[DataParallelPrefix.Length..];
        }
        return name.StartsWith(TorchVisionHead, StringComparison.Ordinal) ? Head + name[TorchVisionHead.Length..] : Backbone + name;
    }

    /// <summary>Our name → torchvision's (for messages and for writing torchvision-named files).</summary>
    public static string ToTorchVision(string name) =>
        name.StartsWith(Head, StringComparison.Ordinal) ? TorchVisionHead + name[Head.Length..]
        : name.StartsWith(Backbone, StringComparison.Ordinal) ? name[Backbone.Length..]
        : name;

    /// <summary>True when the names are already ours (a checkpoint MlOps wrote).</summary>
    public static bool AreOurs(IEnumerable<string> names) =>
        names.Any(n => n.StartsWith(Backbone, StringComparison.Ordinal) || n.StartsWith(Head, StringComparison.Ordinal));

    /// <summary>The same tensors under our names (the tensors are not copied).</summary>
    public static Dictionary<string, Tensor> Map(IReadOnlyDictionary<string, Tensor> stateDict) =>
        AreOurs(stateDict.Keys)
            ? new Dictionary<string, Tensor>(stateDict, StringComparer.Ordinal)
            : stateDict.ToDictionary(p => ToOurs(p.Key), p => p.Value, StringComparer.Ordinal);
}
