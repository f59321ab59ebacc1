using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Naming;
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
            Experiment = ExperimentName(ctx, r) is { } experiment && Checked(ctx, r, "experiment", MlflowNames.ExperimentProblem) is not null ? experiment : null,
            RegisterAs = RegisterAs(ctx, r),
            PromoteAlias = Checked(ctx, r, "promote_alias", alias => MlflowNames.AliasProblem("promote_alias", alias)),
            PromoteAliasLocation = r.Value("promote_alias") is { } alias ? ctx.Loc(alias) : null,
            ChampionAlias = Checked(ctx, r, "champion_alias", alias => MlflowNames.AliasProblem("champion_alias", alias)) ?? "champion",
            RegisterOn = r.ChoiceList("register_on", Choices.RegisterOn) is { } on ? on.Distinct().ToList() : TrackingSpec.DefaultRegisterOn,
        };
    }

    /// <summary>
    /// On Databricks (<c>uri: databricks…</c>) a name with a period is a Unity Catalog name and must be
    /// <c>catalog.schema.model</c> under Unity Catalog's naming rules: caught here rather than after training.
    /// </summary>
    private static string? RegisterAs(SpecContext ctx, MappingReader r)
    {
        // MLflow's own registry rules first (one error per value): the Unity Catalog rule adds to them.
        var name = Checked(ctx, r, "register_as", MlflowNames.RegisteredModelProblem);
        var uri = r.Text("uri");
        if (name is null || MlflowNames.RegisteredModelProblem(name) is not null || uri is null || !uri.StartsWith("databricks", StringComparison.OrdinalIgnoreCase) || !UnityCatalogName.IsUnityCatalogName(name)
            || UnityCatalogName.Problem(name) is not { } problem)
        {
            return name;
        }
        ctx.Error(SpecErrorCodes.InvalidFormat,
            $"'tracking.register_as' '{PrintableText.OneLine(name)}' is not a Unity Catalog model name: {problem}; write catalog.schema.model (e.g. main.ml.{PrintableText.OneLine(name.Split('.').Last())}), or a name without periods for the workspace registry", r.Value("register_as")!);
        return null;
    }

    /// <summary>
    /// One line of visible text: MLflow matches experiments by exact name, so a name with a line break or
    /// another control character (invisible in its UI) would create a new experiment on every run.
    /// </summary>
    private static string? ExperimentName(SpecContext ctx, MappingReader r)
    {
        var name = r.Text("experiment");
        if (name is null)
        {
            return null;
        }
        var at = name.ToList().FindIndex(c => char.IsControl(c) || c is '\u2028' or '\u2029');
        if (name.Trim().Length == 0 || at >= 0 || name != name.Trim())
        {
            var what = name.Trim().Length == 0 ? "it is blank"
                : at >= 0 ? $"it holds the control character U+{(int)name[at]:X4} at position {at + 1}"
                : "it starts or ends with white space";
            ctx.Error(SpecErrorCodes.InvalidFormat,
                $"'tracking.experiment' must be one line of visible text ({what}): '{PrintableText.OneLine(name)}'; MLflow would file each run under a new, invisibly different experiment", r.Value("experiment")!);
            return null;
        }
        return name;
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
