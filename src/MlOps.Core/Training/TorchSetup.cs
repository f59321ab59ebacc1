using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Model;
using static TorchSharp.torch;

namespace MlOps.Core.Training;

/// <summary>Seeds, thread count and device: the knobs that make runs reproducible.</summary>
public static class TorchSetup
{
    /// <summary>Same seed + same thread count ⇒ bit-identical results on the CPU.</summary>
    public static int Configure(int seed, int? threads)
    {
        var count = threads ?? System.Environment.ProcessorCount;
        set_num_threads(count);
        manual_seed(seed);
        return count;
    }

    /// <summary>auto → CUDA when available, else CPU; cuda[:N] must be available.</summary>
    public static Device ResolveDevice(string requested, SourceLocation where)
    {
        if (requested == "auto")
        {
            return cuda.is_available() ? CUDA : CPU;
        }
        if (requested == "cpu")
        {
            return CPU;
        }
        if (!cuda.is_available())
        {
            throw new MlOpsException(Diagnostic.Error(TrainingErrorCodes.DeviceUnavailable,
                $"device '{requested}' is not available here (CUDA libtorch or GPU missing): use device: auto or cpu, or build with MlOpsTorchBackend=cuda on a GPU runner",
                where));
        }
        return new Device(requested);
    }
}
