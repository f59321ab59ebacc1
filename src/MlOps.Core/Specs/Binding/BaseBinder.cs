using MlOps.Core.Specs.Model;
using MlOps.Core.Specs.Yaml;

namespace MlOps.Core.Specs.Binding;

/// <summary>`base:` — the pretrained starting point.</summary>
internal static class BaseBinder
{
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
        var model = r.Text("model", required: true, hint: "a registry name (mlp, cnn-small, resnet18, resnet50) or a [FineTuneModel] class name");
        string? checkpoint = null;
        if (r.Value("checkpoint") is { } cp && !(cp is YScalar s && (s.Kind == ScalarKind.Null || s.Value == "none")))
        {
            checkpoint = ctx.Paths.Resolve(ctx, cp, r.Join("checkpoint"));
        }
        var head = r.Choice("head", Choices.Head) ?? HeadMode.Replace;
        var hidden = Hidden(ctx, r);
        var dropout = r.Number("dropout", new NumberRange(0, 1, MaxExclusive: true)) ?? 0;
        return model is null ? null : new BaseModelSpec
        {
            Model = model,
            Checkpoint = checkpoint,
            Head = head,
            Hidden = hidden ?? [64, 32],
            Dropout = dropout,
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
