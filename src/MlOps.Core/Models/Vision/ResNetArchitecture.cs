using System.Text.Json;
using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Model;

namespace MlOps.Core.Models.Vision;

/// <summary>
/// `base.model: auto` for ResNet checkpoints: a Hugging Face folder whose config.json is timm's
/// (<c>"architecture": "resnet50"</c>, or <c>"resnet50.a1_in1k"</c>) resolves to resnet18 / resnet50.
/// </summary>
public static class ResNetArchitecture
{
    /// <summary>
    /// The registry name for the checkpoint, or null when it is not a ResNet folder (so another
    /// resolver may claim it). A ResNet this product does not build is an error, not null.
    /// </summary>
    public static string? Resolve(string checkpoint, SourceLocation where)
    {
        var config = Path.Combine(checkpoint, "config.json");
        if (!Directory.Exists(checkpoint) || !File.Exists(config))
        {
            return null;
        }
        using var document = ReadConfig(config);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("model_type", out var modelType) && modelType.GetString() == "resnet")
        {
            throw Unsupported(config, "Hugging Face transformers' ResNet (model_type: resnet), whose parameter names are not torchvision's", where);
        }
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("architecture", out var architecture) || architecture.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        var name = architecture.GetString()!.Split('.')[0]; // timm writes "resnet50" or "resnet50.a1_in1k"
        if (ResNetVariant.Find(name) is { } variant)
        {
            return variant.Name;
        }
        return name.StartsWith("resnet", StringComparison.Ordinal) || name.StartsWith("resnext", StringComparison.Ordinal)
            ? throw Unsupported(config, $"timm architecture '{architecture.GetString()}'", where)
            : null;
    }

    private static JsonDocument ReadConfig(string config)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(config));
        }
        catch (JsonException e)
        {
            throw new MlOpsException(Diagnostic.Error(Checkpoints.CheckpointErrorCodes.Unreadable,
                $"cannot read '{config}': {e.Message}", new SourceLocation(config, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1)));
        }
    }

    private static MlOpsException Unsupported(string config, string what, SourceLocation where) =>
        new(Diagnostic.Error(ResNetErrorCodes.UnsupportedArchitecture,
            $"'{config}' describes {what}; MlOps builds {string.Join(" and ", ResNetVariant.All.Select(v => v.Name))} with torchvision's names: use torchvision or timm weights of those (e.g. hf://timm/resnet50.a1_in1k)",
            where));
}
