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
            Experiment = Checked(ctx, r, "experiment", MlflowNames.ExperimentProblem),
            RegisterAs = Checked(ctx, r, "register_as", MlflowNames.RegisteredModelProblem),
            PromoteAlias = Checked(ctx, r, "promote_alias", alias => MlflowNames.AliasProblem("promote_alias", alias)),
            PromoteAliasLocation = r.Value("promote_alias") is { } alias ? ctx.Loc(alias) : null,
            ChampionAlias = Checked(ctx, r, "champion_alias", alias => MlflowNames.AliasProblem("champion_alias", alias)) ?? "champion",
            RegisterOn = r.ChoiceList("register_on", Choices.RegisterOn) is { } on ? on.Distinct().ToList() : TrackingSpec.DefaultRegisterOn,
        };
    }

    /// <summary>The text at <paramref name="key"/>, or an MLOPS017 error at its line when MLflow would refuse it.</summary>
    private static string? Checked(SpecContext ctx, MappingReader r, string key, Func<string, string?> problem)
    {
        var text = r.Text(key);
        if (text is not null && problem(text) is { } message)
        {
            ctx.Error(SpecErrorCodes.InvalidFormat, message, r.Value(key)!);
        }
        return text;
    }
}
