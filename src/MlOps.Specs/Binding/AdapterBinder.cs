using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Model;
using MlOps.Specs.Yaml;

namespace MlOps.Specs.Binding;

/// <summary>`adapter:` — LoRA on the Linear layers the target globs name.</summary>
internal static class AdapterBinder
{
    /// <param name="objective">causal_lm may leave targets out: the decoder family's PEFT defaults apply (q_proj/v_proj, GPT-2's c_attn).</param>
    public static AdapterSpec? Bind(SpecContext ctx, MappingReader top, TrainingObjective objective)
    {
        if (top.Mapping("adapter", "adapter") is not { } r)
        {
            return null;
        }
        var defaults = new AdapterSpec { Targets = [] };
        var type = r.Choice("type", Choices.Adapter) ?? AdapterType.Lora;
        var rank = r.Int("r", new NumberRange(1, 4096)) ?? defaults.R;
        var alpha = r.Number("alpha", NumberRange.AdapterAlpha) ?? defaults.Alpha;
        var dropout = r.Number("dropout", new NumberRange(0, 1, MaxExclusive: true)) ?? defaults.Dropout;
        var merge = r.Bool("merge") ?? false;
        if (!r.Has("targets") && objective == TrainingObjective.CausalLm)
        {
            return new AdapterSpec { Type = type, R = rank, Alpha = alpha, Dropout = dropout, Targets = [], Merge = merge, Location = ctx.Loc(r.Node) };
        }
        if (!r.Has("targets"))
        {
            r.Missing("targets", "list the Linear layers to adapt as module-path globs, e.g. `targets: [\"backbone.*\"]` or `[\"*.query\", \"*.value\"]`");
            return null;
        }
        var targets = new List<string>();
        var locations = new List<SourceLocation>();
        if (r.Sequence("targets") is not { } seq)
        {
            return null;
        }
        for (var i = 0; i < seq.Items.Count; i++)
        {
            if (seq.Items[i] is YScalar { Kind: not ScalarKind.Null } s && s.Value.Length > 0)
            {
                targets.Add(s.Value);
                locations.Add(ctx.Loc(s));
            }
            else
            {
                ctx.WrongType($"{r.Join("targets")}[{i}]", "a module-path glob such as \"backbone.*\"", seq.Items[i]);
            }
        }
        if (seq.Items.Count == 0)
        {
            ctx.Error(SpecErrorCodes.MissingRequired, "'adapter.targets' is empty: list at least one module-path glob, e.g. [\"backbone.*\"]", seq);
        }
        return new AdapterSpec
        {
            Type = type,
            R = rank,
            Alpha = alpha,
            Dropout = dropout,
            Targets = targets,
            Merge = merge,
            TargetLocations = locations,
            Location = ctx.Loc(r.Node),
        };
    }
}
