using MlOps.Specs.Families;
using MlOps.Specs.Hub;
using MlOps.Specs.Model;
using MlOps.Specs.Yaml;

namespace MlOps.Specs.Binding;

/// <summary>`base:` — the pretrained starting point.</summary>
internal static class BaseBinder
{
    /// <summary>The base.model names with a conv feature encoder (the wav2vec2 family's).</summary>
    private static readonly string[] FeatureEncoderModels = ["wav2vec2", "hubert"];

    public static BaseModelSpec? Bind(SpecContext ctx, MappingReader top)
    {
        if (!top.Has("base"))
        {
            top.Missing("base", "add a `base:` section with at least `model: mlp`");
            return null;
        }
        var r = top.Mapping("base", "base");
        if (r is null)
        {
            return null;
        }
        var model = r.Text("model", hint: $"a registry name ({string.Join(", ", ModelFamilies.Names)}), a [FineTuneModel] class name, or auto") ?? BaseModelSpec.AutoModel;
        var checkpoint = CheckpointBinder.Bind(ctx, r);
        var config = ctx.InputPath(r, "config");
        if (model == BaseModelSpec.AutoModel && checkpoint.IsNone && config is null)
        {
            ctx.Error(HubErrorCodes.AutoWithoutCheckpoint,
                "'base.model' is auto (the default), which takes the architecture from base.checkpoint, but there is no checkpoint: name the model (e.g. model: mlp), set base.checkpoint, or base.config for a BERT-family model from scratch",
                r.Value("model") ?? r.Node);
        }
        var head = r.Choice("head", Choices.Head) ?? HeadMode.Replace;
        var hidden = Hidden(ctx, r);
        var dropout = r.Number("dropout", new NumberRange(0, 1, MaxExclusive: true)) ?? 0;
        var freezeFeatureEncoder = r.Bool("freeze_feature_encoder");
        if (freezeFeatureEncoder is not null && model != BaseModelSpec.AutoModel && !FeatureEncoderModels.Contains(model))
        {
            ctx.Error(SpecErrorCodes.FeatureEncoderFreezeNotApplicable,
                $"'base.freeze_feature_encoder' applies to models with a conv feature encoder ({string.Join(", ", FeatureEncoderModels)}), not '{model}': remove it, or use training.freeze to freeze parameters by name",
                r.KeyNode("freeze_feature_encoder")!);
        }
        return new BaseModelSpec
        {
            Model = model,
            Checkpoint = checkpoint.Path,
            Hub = checkpoint.Hub,
            CheckpointLocation = checkpoint.Node is { } at ? ctx.Loc(at) : null,
            Head = head,
            Config = config,
            Hidden = hidden ?? [64, 32],
            Dropout = dropout,
            FreezeFeatureEncoder = freezeFeatureEncoder,
            Location = ctx.Loc(r.Node),
        };
    }

    private static List<int>? Hidden(SpecContext ctx, MappingReader r)
    {
        if (r.Sequence("hidden") is not { } seq)
        {
            return null;
        }
        var widths = new List<int>();
        for (var i = 0; i < seq.Items.Count; i++)
        {
            if (ScalarReaders.Int(ctx, seq.Items[i], $"{r.Join("hidden")}[{i}]", new NumberRange(1, 1_000_000)) is { } w)
            {
                widths.Add(w);
            }
        }
        return widths;
    }
}
