using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Checkpoints;
using MlOps.Specs.Model;

namespace MlOps.Core.Models;

/// <summary>Builds the spec's model for the data's shape, with a clear error when it cannot.</summary>
public static class ModelFactory
{
    public static FineTuneModule Build(ModelRegistry registry, BaseModelSpec spec, int[] sampleShape, int classCount, SourceLocation where, ModelConfig? config = null)
    {
        var shape = new ModelShape(sampleShape, classCount, spec.Hidden, spec.Dropout) { Config = config };
        try
        {
            if (registry.TryCreate(spec.Model, shape, out var model))
            {
                return model!;
            }
        }
        catch (ArgumentException e)
        {
            throw new MlOpsException(Diagnostic.Error(CheckpointErrorCodes.IncompatibleShape, $"model '{spec.Model}' cannot take this data: {e.Message}", where));
        }
        throw new MlOpsException(Diagnostic.Error(CheckpointErrorCodes.UnknownModel,
            $"unknown model '{spec.Model}': use one of {string.Join(", ", registry.Names.Order())}, or mark a FineTuneModule class in your project with [FineTuneModel(\"{spec.Model}\")]",
            where));
    }
}
