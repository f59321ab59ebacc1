using MlOps.Specs.Model;

namespace MlOps.Specs.Binding;

/// <summary>`tracking:` — where runs are logged and how models are registered.</summary>
internal static class TrackingBinder
{
    public static TrackingSpec Bind(MappingReader top)
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
            ChampionAlias = r.Text("champion_alias") ?? "champion",
        };
    }
}
