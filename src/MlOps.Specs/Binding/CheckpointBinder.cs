using MlOps.Specs.Hub;
using MlOps.Specs.Yaml;

namespace MlOps.Specs.Binding;

/// <summary>
/// `base.checkpoint`: `none`, a file, a folder in the Hugging Face layout (config.json), or
/// `hf://org/model[@revision]` (syntax only: validating never touches the network).
/// </summary>
internal static class CheckpointBinder
{
    public readonly record struct Bound(string? Path, HubModelId? Hub, YNode? Node)
    {
        /// <summary>No checkpoint at all (absent, empty or `none`): train from scratch.</summary>
        public bool IsNone { get; init; }
    }

    public static Bound Bind(SpecContext ctx, MappingReader r)
    {
        var key = r.Join("checkpoint");
        if (r.Value("checkpoint") is not { } node || (node is YScalar s && (s.Kind == ScalarKind.Null || s.Value == "none")))
        {
            return new Bound(null, null, r.Value("checkpoint")) { IsNone = true };
        }
        if (node is YScalar scalar && HubModelId.LooksLikeHubReference(scalar.Value))
        {
            if (HubModelId.TryParse(scalar.Value.Trim(), out var id, out var error))
            {
                return new Bound(id.ToString(), id, node);
            }
            ctx.Error(HubErrorCodes.InvalidId, $"'{key}': {error}", node);
            return new Bound(null, null, node);
        }
        if (ctx.Paths.Resolve(ctx, node, key, mustExist: false) is not { } full)
        {
            return new Bound(null, null, node);
        }
        var written = ((YScalar)node).Value;
        if (File.Exists(full))
        {
            return new Bound(full, null, node);
        }
        if (!Directory.Exists(full))
        {
            ctx.Error(SpecErrorCodes.PathNotFound,
                $"'{key}' '{written}' does not exist (looked for '{full}'; paths are relative to the spec's folder); use a checkpoint file, a Hugging Face model folder, hf://<org>/<model> or none", node);
            return new Bound(null, null, node);
        }
        if (!File.Exists(Path.Combine(full, HubLayout.Config)))
        {
            ctx.Error(HubErrorCodes.FolderLayout,
                $"'{key}' folder '{written}' has no {HubLayout.Config}: a checkpoint folder must be in the Hugging Face layout (config.json plus model.safetensors, a sharded index, or pytorch_model.bin); or point at the weights file itself", node);
            return new Bound(null, null, node);
        }
        return new Bound(full, null, node);
    }
}
