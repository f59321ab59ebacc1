using System.Reflection;
using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using MlOps.Specs;
using NetArchTest.Rules;

namespace MlOps.Core.Tests.Architecture;

/// <summary>
/// Data flows one way (shared/DESIGN.md): a stage may use the contracts and the stages to its left,
/// never one to its right. Reads the compiled IL (signatures and method bodies), so a back-edge
/// hidden in a method body fails here too.
/// </summary>
public sealed class StageDirectionTests
{
    /// <summary>Left to right. A namespace also covers its children (MlOps.Core.Models covers .Hub).</summary>
    public static readonly string[] Stages =
    [
        // Contracts: imported by every stage, import none.
        "MlOps.Contracts.Host",
        "MlOps.Contracts.IO",
        "MlOps.Contracts.Metrics",
        "MlOps.Contracts.Diagnostics",
        "MlOps.Contracts.Naming",
        "MlOps.Contracts.Results",
        "MlOps.Contracts.Export",
        // The spec language: what MSBuild loads.
        "MlOps.Specs",
        // Tokenizers: shared by the trainer and MlOps.Runtime, so outside MlOps.Core.
        "MlOps.Text",
        // Audio decoding, resampling and log-mel: shared by the trainer and MlOps.Runtime, so outside MlOps.Core.
        "MlOps.Audio",
        // The stages, in the order a run passes them; Pipeline only wires.
        "MlOps.Core.Host",
        "MlOps.Core.Data",
        "MlOps.Core.Models",
        "MlOps.Core.Training",
        "MlOps.Core.Evaluation",
        "MlOps.Core.Fairness",
        "MlOps.Core.Gates",
        "MlOps.Core.Export",
        "MlOps.Core.Reporting",
        "MlOps.Core.Tracking",
        "MlOps.Core.Pipeline",
    ];

    private static readonly Assembly[] Product =
        [typeof(RunResult).Assembly, typeof(SpecLoader).Assembly, typeof(MlOps.Text.TextTokenizer).Assembly, typeof(MlOps.Audio.AudioDecoder).Assembly, typeof(FineTuneRun).Assembly];

    public static TheoryData<int> StageIndexes() => [.. Enumerable.Range(0, Stages.Length)];

    [Theory]
    [MemberData(nameof(StageIndexes))]
    public void A_stage_uses_no_stage_to_its_right(int index)
    {
        var stage = Stages[index];
        var right = Stages.Skip(index + 1).Where(s => !IsInside(s, stage)).ToArray();
        if (right.Length == 0)
        {
            return;
        }
        var result = Types.InAssemblies(Product).That().ResideInNamespace(stage).ShouldNot().HaveDependencyOnAny(right).GetResult();
        Assert.True(result.IsSuccessful,
            $"{stage} must not use {string.Join(", ", right)}; back-edges from: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void Every_product_namespace_has_a_place_in_the_order()
    {
        var unplaced = Product.SelectMany(a => a.GetTypes())
            .Select(t => t.Namespace)
            .OfType<string>()
            .Where(ns => ns.StartsWith("MlOps.", StringComparison.Ordinal) && !Stages.Any(s => ns == s || ns.StartsWith(s + ".", StringComparison.Ordinal)))
            .Distinct()
            .ToList();
        Assert.True(unplaced.Count == 0, $"add to {nameof(Stages)}: {string.Join(", ", unplaced)}");
    }

    [Fact]
    public void The_contracts_the_spec_language_the_tokenizers_and_audio_do_not_reference_TorchSharp()
    {
        foreach (var assembly in new[] { typeof(RunResult).Assembly, typeof(SpecLoader).Assembly, typeof(MlOps.Text.TextTokenizer).Assembly, typeof(MlOps.Audio.AudioDecoder).Assembly })
        {
            Assert.DoesNotContain(Closure(assembly), name => name.StartsWith("TorchSharp", StringComparison.Ordinal) || name == "MlOps.Core");
        }
    }

    [Fact]
    public void The_runtime_an_application_references_has_neither_TorchSharp_nor_the_trainer()
    {
        var runtime = typeof(MlOps.Runtime.FineTunedModel).Assembly;
        Assert.DoesNotContain(Closure(runtime), name => name.StartsWith("TorchSharp", StringComparison.Ordinal) || name is "MlOps.Core" or "MlOps.Specs" or "MlOps.Mlflow");
    }

    [Fact]
    public void The_MLflow_client_stands_alone()
    {
        var client = typeof(MlOps.Mlflow.IMlflowTracking).Assembly;
        Assert.DoesNotContain(client.GetReferencedAssemblies(), r => r.Name is "MlOps.Core" or "MlOps.Specs" or "MlOps.Contracts");
    }

    /// <summary>The names of every assembly <paramref name="root"/> references, transitively (product assemblies only are walked).</summary>
    internal static HashSet<string> Closure(Assembly root)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<AssemblyName>(root.GetReferencedAssemblies());
        while (queue.TryDequeue(out var name))
        {
            if (!seen.Add(name.Name!) || !name.Name!.StartsWith("MlOps.", StringComparison.Ordinal))
            {
                continue;
            }
            foreach (var reference in Assembly.Load(name).GetReferencedAssemblies())
            {
                queue.Enqueue(reference);
            }
        }
        return seen;
    }

    private static bool IsInside(string inner, string outer) => inner.StartsWith(outer + ".", StringComparison.Ordinal);
}
