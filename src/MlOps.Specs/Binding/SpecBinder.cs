using System.Text.RegularExpressions;
using MlOps.Specs.Model;
using MlOps.Specs.Objectives;
using MlOps.Specs.Yaml;

namespace MlOps.Specs.Binding;

/// <summary>Binds the whole document, section by section, so every section's problems are reported in one pass.</summary>
internal static partial class SpecBinder
{
    public static FineTuneSpec? Bind(SpecContext ctx, YNode root, string specFullPath)
    {
        if (ctx.Mapping(root, "", "") is not { } top)
        {
            return null;
        }
        var name = top.Text("name", required: true, hint: "a lower-case identifier such as `name: digits-5to9`");
        if (name is not null && !NamePattern().IsMatch(name))
        {
            ctx.Error(SpecErrorCodes.InvalidFormat,
                $"'name' must be lower-case letters, digits, '.', '_' or '-', starting with a letter or digit; found '{name}'", top.Value("name")!);
            name = null;
        }
        else if (name is not null && MlflowNames.SpecNameProblem(name) is { } tooLong)
        {
            ctx.Error(SpecErrorCodes.InvalidFormat, tooLong, top.Value("name")!);
            name = null;
        }
        var seed = top.Int("seed", new NumberRange(0, int.MaxValue)) ?? 42;
        var device = top.Text("device");
        if (device is not null && !DeviceNames.IsValid(device))
        {
            ctx.Error(SpecErrorCodes.NotAllowed, $"'device' must be one of: {DeviceNames.Allowed}; found '{device}'", top.Value("device")!);
            device = null;
        }
        var baseModel = BaseBinder.Bind(ctx, top);
        var data = DataBinder.Bind(ctx, top, out var sensitiveNames);
        var training = TrainingBinder.Bind(ctx, top);
        var evaluation = EvaluationBinder.Bind(ctx, top);
        if (TrainingObjectives.Of(training.Objective).DefaultMetrics is { } metrics && YPath.Find(root, "evaluation", "metrics") is null)
        {
            evaluation = evaluation with { Metrics = metrics };
        }
        var hasForgettingData = YPath.Find(root, "evaluation", "forgetting") is not null;
        var gates = GateBinder.Bind(ctx, top, hasForgettingData, training.RunSeeds(0).Count, data?.HasTest == true);
        var bias = BiasBinder.Bind(ctx, top, sensitiveNames);
        var tracking = TrackingBinder.Bind(ctx, top);
        var adapter = AdapterBinder.Bind(ctx, top, training.Objective);
        var sweep = SweepBinder.Bind(ctx, top, adapter is not null);
        var export = ExportBinder.Bind(ctx, top, training.Objective);
        if (name is null || baseModel is null || data is null)
        {
            return null;
        }
        return new FineTuneSpec
        {
            Name = name,
            SpecPath = specFullPath,
            Seed = seed,
            Device = device ?? "auto",
            Base = baseModel,
            Data = data,
            Training = training,
            Evaluation = evaluation,
            Gates = gates,
            Bias = bias,
            Tracking = tracking,
            Adapter = adapter,
            Sweep = sweep,
            Export = export,
            Location = ((YMapping)root).Entries.FirstOrDefault().Key is { } first ? ctx.Loc(first) : ctx.Loc(root),
            DeviceLocation = top.Value("device") is { } at ? ctx.Loc(at) : null,
        };
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$")]
    private static partial Regex NamePattern();

}
