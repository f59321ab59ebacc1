using MlOps.Core.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Training;

/// <summary>
/// bf16 training without autocast (TorchSharp has none): the model's weights are cast to bfloat16 for
/// the forward and backward passes, while fp32 master copies of the trainable parameters are what the
/// optimiser steps (its state is fp32 too). Each step copies the bf16 gradients into the masters and,
/// after the step, the masters back into the model. Frozen weights keep an fp32 copy, so after
/// <see cref="End"/> the model is fp32 with exactly the master values: nothing is rounded twice.
/// </summary>
public sealed class MixedPrecision : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> model;
    /// <summary>Name → fp32 master of every trainable parameter (what the optimiser owns).</summary>
    private readonly Dictionary<string, Parameter> masters;
    /// <summary>Name → fp32 copy of everything else in the state dict (frozen weights, buffers).</summary>
    private readonly Dictionary<string, Tensor> rest;
    private bool ended;

    private MixedPrecision(nn.Module<Tensor, Tensor> model, ParameterPlan plan)
    {
        this.model = model;
        using var _ = no_grad();
        masters = plan.Groups.SelectMany(g => g.Parameters)
            .ToDictionary(p => p.Name, p => new Parameter(p.Parameter.detach().clone(), requires_grad: true), StringComparer.Ordinal);
        rest = model.state_dict().Where(p => !masters.ContainsKey(p.Key)).ToDictionary(p => p.Key, p => p.Value.detach().clone(), StringComparer.Ordinal);
        MasterPlan = plan.WithParameters(name => masters[name]);
        model.to(ScalarType.BFloat16);
    }

    public static ScalarType ComputeType => ScalarType.BFloat16;

    /// <summary>The plan over the fp32 masters: the optimiser is built from this one.</summary>
    public ParameterPlan MasterPlan { get; }

    /// <summary>Casts the model to bf16 and keeps fp32 masters of <paramref name="plan"/>'s parameters.</summary>
    public static MixedPrecision Begin(nn.Module<Tensor, Tensor> model, ParameterPlan plan) => new(model, plan);

    /// <summary>Float inputs go in as bf16, unless the model takes ids encoded as floats (<see cref="FineTuneModule.CastInputsToComputeType"/>).</summary>
    public static Tensor Input(nn.Module<Tensor, Tensor> model, Tensor features) =>
        features.is_floating_point() && !TakesTokenIds(model) ? features.to(ComputeType) : features;

    private static bool TakesTokenIds(nn.Module<Tensor, Tensor> model) =>
        model is FineTuneModule { CastInputsToComputeType: false } or Models.Transformers.TransformerForMaskedLm or Models.Decoders.DecoderForCausalLm;

    /// <summary>bf16 gradients → fp32 masters. Call before clipping and the optimiser step.</summary>
    public void GradientsToMasters()
    {
        foreach (var (name, working) in model.named_parameters())
        {
            if (masters.TryGetValue(name, out var master) && working.grad is { } grad)
            {
                master.grad = grad.to(ScalarType.Float32);
            }
        }
    }

    /// <summary>Stepped masters → bf16 model; the model's own gradients are cleared.</summary>
    public void MastersToModel()
    {
        using var _ = no_grad();
        foreach (var (name, working) in model.named_parameters())
        {
            if (masters.TryGetValue(name, out var master))
            {
                working.copy_(master);
            }
        }
        model.zero_grad();
    }

    /// <summary>The fp32 state (masters and the rest), as a checkpoint or restore-best snapshot should hold it.</summary>
    public Dictionary<string, Tensor> MasterState() =>
        model.state_dict().Keys.ToDictionary(name => name, name => (masters.TryGetValue(name, out var m) ? m : rest[name]).detach().clone(), StringComparer.Ordinal);

    /// <summary>A resumed checkpoint's fp32 weights become the masters (the bf16 model gets them rounded).</summary>
    public void LoadMasters(IReadOnlyDictionary<string, Tensor> weights)
    {
        using var _ = no_grad();
        foreach (var (name, tensor) in weights)
        {
            (masters.TryGetValue(name, out var m) ? m : rest[name]).copy_(tensor);
        }
    }

    /// <summary>The model back in fp32 with the master values. Idempotent.</summary>
    public void End()
    {
        if (ended)
        {
            return;
        }
        ended = true;
        model.to(ScalarType.Float32);
        using var _ = no_grad();
        foreach (var (name, target) in model.state_dict())
        {
            target.copy_(masters.TryGetValue(name, out var m) ? m : rest[name]);
        }
    }

    public void Dispose()
    {
        End();
        foreach (var tensor in masters.Values.Cast<Tensor>().Concat(rest.Values))
        {
            tensor.Dispose();
        }
    }
}
