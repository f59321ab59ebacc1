using MlOps.Specs.Model;

namespace MlOps.Specs.Binding;

/// <summary>`tracking:` — where runs are logged and how models are registered.</summary>
internal static class TrackingBinder
{
    public static TrackingSpec Bind(SpecContext ctx, MappingReader top)
    {
        if (top.Mapping("tracking", "tracking") is not { } r)
        {
            return new TrackingSpec();
        }
        return new TrackingSpec
        {
            Uri = r.Text("uri"),
            Experiment = r.Text("experiment"),
            RegisterAs = r.Text("register_as"),
            PromoteAlias = r.Text("promote_alias"),
            PromoteAliasLocation = r.Value("promote_alias") is { } alias ? ctx.Loc(alias) : null,
            ChampionAlias = r.Text("champion_alias") ?? "champion",
            RegisterOn = r.ChoiceList("register_on", Choices.RegisterOn) is { } on ? on.Distinct().ToList() : TrackingSpec.DefaultRegisterOn,
        };
    }
}
