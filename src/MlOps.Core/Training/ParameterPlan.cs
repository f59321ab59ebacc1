using MlOps.Specs.Globbing;
using MlOps.Specs.Model;
using TorchSharp.Modules;

namespace MlOps.Core.Training;

/// <summary>
/// Which parameters train and at what learning rate: <c>freeze</c> globs switch gradients off,
/// <c>layer_lr</c> globs (first match wins) give discriminative learning rates; the rest use the
/// optimiser's rate. Applied after every load, since saved weights do not carry requires_grad.
/// </summary>
public sealed class ParameterPlan
{
    private ParameterPlan(IReadOnlyList<ParameterGroupPlan> groups, IReadOnlyList<string> frozen, long total, long trainable)
    {
        Groups = groups;
        Frozen = frozen;
        TotalParameters = total;
        TrainableParameters = trainable;
    }

    /// <summary>Groups in a fixed order (by learning rate source), each with its rate.</summary>
    public IReadOnlyList<ParameterGroupPlan> Groups { get; }

    public IReadOnlyList<string> Frozen { get; }

    public long TotalParameters { get; }

    public long TrainableParameters { get; }

    /// <param name="adapterTrainable">With an adapter: only names it accepts may train (freeze and layer_lr apply on top).</param>
    public static ParameterPlan Apply(IEnumerable<(string Name, Parameter Parameter)> parameters, TrainingSpec training, Func<string, bool>? adapterTrainable = null)
    {
        var frozen = new List<string>();
        var groups = new Dictionary<string, ParameterGroupPlan>(StringComparer.Ordinal);
        long total = 0, trainable = 0;
        foreach (var (name, parameter) in parameters)
        {
            total += parameter.numel();
            if (adapterTrainable is not null && !adapterTrainable(name))
            {
                // Held by the adapter, not by the user's freeze list: counted, not listed.
                parameter.requires_grad = false;
                continue;
            }
            if (training.Freeze.Any(glob => NameGlob.IsMatch(glob, name)))
            {
                parameter.requires_grad = false;
                frozen.Add(name);
                continue;
            }
            parameter.requires_grad = true;
            trainable += parameter.numel();
            var rule = training.LayerLr.FirstOrDefault(r => NameGlob.IsMatch(r.Key, name));
            var key = rule.Key ?? "*";
            var lr = rule.Key is null ? training.Optimizer.Lr : rule.Value;
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = new ParameterGroupPlan(key, lr, []);
            }
            group.Parameters.Add((name, parameter));
        }
        return new ParameterPlan([.. groups.Values], frozen, total, trainable);
    }

    /// <summary>The same groups and rates over other Parameters of the same names (bf16 training's fp32 masters).</summary>
    public ParameterPlan WithParameters(Func<string, Parameter> byName) => new(
        [.. Groups.Select(g => g with { Parameters = [.. g.Parameters.Select(p => (p.Name, byName(p.Name)))] })],
        Frozen, TotalParameters, TrainableParameters);
}

/// <summary>One optimiser parameter group: the glob that chose it, its base rate, its parameters.</summary>
public sealed record ParameterGroupPlan(string Glob, double LearningRate, List<(string Name, Parameter Parameter)> Parameters);
