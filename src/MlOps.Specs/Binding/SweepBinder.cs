using MlOps.Specs.Model;
using MlOps.Specs.Sweeps;
using MlOps.Specs.Yaml;

namespace MlOps.Specs.Binding;

/// <summary>
/// `sweep:` — method, trials (random only, 1 … grid size), seed, the metric that picks the winner,
/// and the parameters (known paths only, each a non-empty list of values in the key's own range).
/// </summary>
internal static class SweepBinder
{
    public static SweepSpec? Bind(SpecContext ctx, MappingReader top, bool hasAdapter)
    {
        if (top.Mapping("sweep", "sweep") is not { } r)
        {
            return null;
        }
        var method = r.Choice("method", Choices.SweepMethod) ?? SweepMethod.Grid;
        var trials = r.Int("trials", new NumberRange(1, 10_000));
        var seed = r.Int("seed", NumberRange.NonNegative);
        string? metric = null;
        if (r.Value("metric") is { } metricNode)
        {
            metric = EvaluationBinder.CheckMetric(ctx, r.Join("metric"), metricNode);
        }
        else
        {
            r.Missing("metric", "name the validation metric the best trial is picked by, e.g. `metric: accuracy` (or `loss`)");
        }
        var parameters = Parameters(ctx, r, hasAdapter);
        if (method == SweepMethod.Grid && r.Has("trials"))
        {
            ctx.Error(SpecErrorCodes.NotApplicable, $"'{r.Join("trials")}' is for `method: random`; a grid runs every combination: remove it or use `method: random`", r.KeyNode("trials")!);
        }
        if (method == SweepMethod.Random && !r.Has("trials"))
        {
            r.Missing("trials", "say how many combinations a random sweep samples, e.g. `trials: 4`");
        }
        if (parameters is not null && method == SweepMethod.Random && trials is { } k && k > SweepExpansion.GridSize(parameters))
        {
            ctx.Error(SpecErrorCodes.OutOfRange,
                $"'{r.Join("trials")}' is {k} but the parameters make only {SweepExpansion.GridSize(parameters)} combinations: lower it or list more values", r.Value("trials")!);
        }
        if (metric is null || parameters is null)
        {
            return null;
        }
        return new SweepSpec { Method = method, Trials = trials, Seed = seed, Metric = metric, Parameters = parameters, Location = ctx.Loc(r.Node) };
    }

    private static List<SweepParameter>? Parameters(SpecContext ctx, MappingReader sweep, bool hasAdapter)
    {
        if (!sweep.Has("parameters"))
        {
            sweep.Missing("parameters", $"list the values to try per parameter, e.g. `parameters: {{ training.optimizer.lr: [0.001, 0.01] }}` (sweepable: {string.Join(", ", SweepParameters.Paths)})");
            return null;
        }
        if (sweep.Mapping("parameters", "sweep.parameters") is not { } p)
        {
            return null;
        }
        if (p.Order.Count == 0)
        {
            ctx.Error(SpecErrorCodes.OutOfRange, $"'{p.Path}' is empty: list at least one parameter and its values (sweepable: {string.Join(", ", SweepParameters.Paths)})", p.Node);
            return null;
        }
        var parameters = new List<SweepParameter>();
        var valid = true;
        foreach (var path in p.Order)
        {
            var kind = SweepParameters.Of(path)!;
            if (kind.Path.StartsWith("adapter.", StringComparison.Ordinal) && !hasAdapter)
            {
                ctx.Error(SpecErrorCodes.NotApplicable, $"'{p.Join(path)}' sweeps the adapter but the spec has no `adapter:` section: add one or remove this parameter", p.KeyNode(path)!);
                valid = false;
                continue;
            }
            if (Values(ctx, p, path, kind) is { } values)
            {
                parameters.Add(new SweepParameter(path, values));
            }
            else
            {
                valid = false;
            }
        }
        return valid ? parameters : null;
    }

    private static List<double>? Values(SpecContext ctx, MappingReader parameters, string path, SweepParameters.Kind kind)
    {
        if (parameters.Sequence(path) is not { } seq)
        {
            return null;
        }
        if (seq.Items.Count == 0)
        {
            ctx.Error(SpecErrorCodes.OutOfRange, $"'{parameters.Join(path)}' is empty: list at least one value to try, e.g. `{path}: [{(kind.Whole ? "2, 4" : "0.001, 0.01")}]`", seq);
            return null;
        }
        var range = new NumberRange(kind.Min, kind.Max, MinExclusive: kind.MinExclusive);
        var values = new List<double>();
        for (var i = 0; i < seq.Items.Count; i++)
        {
            var at = $"{parameters.Join(path)}[{i}]";
            double? value = kind.Whole ? ScalarReaders.Int(ctx, seq.Items[i], at, range) : ScalarReaders.Number(ctx, seq.Items[i], at, range);
            if (value is not { } v)
            {
                return null;
            }
            if (values.Contains(v))
            {
                ctx.Error(SpecErrorCodes.InvalidFormat, $"'{at}': {v} is listed twice; two trials with one value are the same trial", seq.Items[i]);
                return null;
            }
            values.Add(v);
        }
        return values;
    }
}
