using MlOps.Specs.Model;
using MlOps.Specs.Yaml;

namespace MlOps.Specs.Binding;

/// <summary>`data.sensitive:` — protected attributes, each a column name or a mapping.</summary>
internal static class SensitiveBinder
{
    public static List<SensitiveAttributeSpec> Bind(SpecContext ctx, MappingReader data)
    {
        var result = new List<SensitiveAttributeSpec>();
        if (data.Sequence("sensitive") is not { } seq)
        {
            return result;
        }
        for (var i = 0; i < seq.Items.Count; i++)
        {
            var path = $"{data.Join("sensitive")}[{i}]";
            var item = seq.Items[i];
            var attribute = item switch
            {
                YScalar { Kind: not ScalarKind.Null } s => new SensitiveAttributeSpec { Name = s.Value, Column = s.Value, Location = ctx.Loc(s) },
                YMapping => Entry(ctx, ctx.Mapping(item, "data.sensitive[]", path)!),
                _ => Report(ctx, path, item),
            };
            if (attribute is null)
            {
                continue;
            }
            if (result.Any(a => a.Name == attribute.Name))
            {
                ctx.Error(SpecErrorCodes.DuplicateName, $"sensitive attribute '{attribute.Name}' is declared twice; give each a distinct name", item);
                continue;
            }
            result.Add(attribute);
        }
        return result;
    }

    private static SensitiveAttributeSpec? Report(SpecContext ctx, string path, YNode item)
    {
        ctx.WrongType(path, "a column name or a mapping { name, column, bins, one_hot, use_as_feature, missing }", item);
        return null;
    }

    private static SensitiveAttributeSpec? Entry(SpecContext ctx, MappingReader r)
    {
        var name = r.Text("name", required: true, hint: "the attribute's name, used by bias checks");
        var bins = Bins(ctx, r);
        var oneHot = OneHot(ctx, r);
        if (oneHot.Count > 0 && r.KeyNode("bins") is { } binsKey)
        {
            ctx.Error(SpecErrorCodes.NotApplicable, $"'{r.Path}' uses both bins and one_hot; bins cut one numeric column, one_hot reads several — use one", binsKey);
        }
        var column = r.Text("column");
        return name is null ? null : new SensitiveAttributeSpec
        {
            Name = name,
            Column = column ?? (oneHot.Count > 0 ? null : name),
            Bins = bins,
            OneHot = oneHot,
            UseAsFeature = r.Bool("use_as_feature") ?? false,
            Missing = r.Choice("missing", Choices.SensitiveMissing) ?? SensitiveMissingPolicy.Error,
            Location = ctx.Loc(r.Node),
        };
    }

    private static List<double> Bins(SpecContext ctx, MappingReader r)
    {
        var bins = new List<double>();
        if (r.Sequence("bins") is not { } seq)
        {
            return bins;
        }
        for (var i = 0; i < seq.Items.Count; i++)
        {
            if (ScalarReaders.Number(ctx, seq.Items[i], $"{r.Join("bins")}[{i}]", NumberRange.Any) is not { } x)
            {
                continue;
            }
            if (bins.Count > 0 && x <= bins[^1])
            {
                ctx.Error(SpecErrorCodes.InvalidFormat, $"'{r.Join("bins")}' must be strictly ascending cut points; {x} follows {bins[^1]}", seq.Items[i]);
            }
            bins.Add(x);
        }
        return bins;
    }

    private static Dictionary<string, string> OneHot(SpecContext ctx, MappingReader r)
    {
        var groups = new Dictionary<string, string>(StringComparer.Ordinal);
        if (r.Mapping("one_hot", "data.sensitive[].one_hot") is not { } map)
        {
            return groups;
        }
        foreach (var group in map.Order)
        {
            if (map.Text(group) is { } glob)
            {
                groups[group] = glob;
            }
            else if (map.Value(group) is { } v && v is YScalar { Kind: ScalarKind.Null })
            {
                ctx.WrongType(map.Join(group), "a column glob", v);
            }
        }
        return groups;
    }
}
