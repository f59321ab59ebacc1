using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Globbing;
using MlOps.Specs.Model;
using TorchSharp.Modules;

namespace MlOps.Core.Models.Adapters;

/// <summary>
/// Wraps every Linear layer whose module path matches an adapter target (outside the head, which
/// trains fully) in a <see cref="LoraLinear"/>. Runs after the base checkpoint is loaded, before training.
/// </summary>
public static class LoraInjector
{
    private const int ListLimit = 12;

    /// <summary>PEFT's shorthand: every Linear layer outside the head.</summary>
    public const string AllLinear = "all-linear";

    public static LoraAdapters Apply(FineTuneModule model, AdapterSpec spec, SourceLocation where)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Apply(model, name => HeadParameters.IsHead(model, name), spec, where);
    }

    /// <summary>Any module (a language model has no head that trains fully: <paramref name="isHead"/> is then always false).</summary>
    public static LoraAdapters Apply(TorchSharp.torch.nn.Module model, Func<string, bool> isHead, AdapterSpec spec, SourceLocation where)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(spec);
        var linears = model.named_modules()
            .Where(m => m.module is Linear && !isHead(m.name + "."))
            .Select(m => (Path: m.name, Layer: (Linear)m.module))
            .ToList();
        var unmatched = new List<Diagnostic>();
        for (var i = 0; i < spec.Targets.Count; i++)
        {
            var target = spec.Targets[i];
            if (!linears.Any(l => Matches(target, l.Path)))
            {
                var existing = linears.Count == 0
                    ? "the model has no Linear layer outside the head"
                    : $"Linear layers outside the head: {string.Join(", ", linears.Take(ListLimit).Select(l => l.Path))}{(linears.Count > ListLimit ? $", … ({linears.Count} in all)" : "")}";
                unmatched.Add(Diagnostic.Error(AdapterErrorCodes.TargetMatchesNothing,
                    $"adapter target '{target}' matches no Linear layer of model '{model.GetName()}' ({existing}); targets are globs over module paths, e.g. \"backbone.*\"",
                    i < spec.TargetLocations.Count ? spec.TargetLocations[i] : spec.Location ?? where));
            }
        }
        if (unmatched.Count > 0)
        {
            throw new MlOpsException(unmatched);
        }

        var layers = new Dictionary<string, LoraLinear>(StringComparer.Ordinal);
        foreach (var (path, linear) in linears.Where(l => spec.Targets.Any(t => Matches(t, l.Path))))
        {
            var lora = new LoraLinear(linear, spec.R, spec.Alpha, spec.Dropout);
            try
            {
                ModuleSurgery.Replace(model, path, lora);
            }
            catch (Exception e) when (e is NotSupportedException or InvalidOperationException)
            {
                throw new MlOpsException(Diagnostic.Error(AdapterErrorCodes.CannotWrap,
                    $"cannot put a LoRA adapter on '{path}': {e.Message}", spec.Location ?? where));
            }
            layers[path] = lora;
        }
        return new LoraAdapters(isHead, spec, layers);
    }

    private static bool Matches(string target, string path) => target == AllLinear || NameGlob.IsMatch(target, path);
}
