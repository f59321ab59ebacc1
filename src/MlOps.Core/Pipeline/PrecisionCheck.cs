using MlOps.Contracts.Diagnostics;
using MlOps.Core.Training;
using MlOps.Specs.Model;

namespace MlOps.Core.Pipeline;

/// <summary>training.precision as the run reports it, and a warning where bf16 buys nothing.</summary>
internal static class PrecisionCheck
{
    public static string Name(Precision precision) => precision == Precision.Bf16 ? "bf16" : "fp32";

    public static void Warn(RunContext run, IRunObserver observer)
    {
        if (run.Spec.Training.Precision == Precision.Bf16 && run.Device.type != TorchSharp.DeviceType.CUDA)
        {
            observer.OnDiagnostic(Diagnostic.Warning(TrainingErrorCodes.Bf16OnCpu,
                "training.precision: bf16 on the CPU is correct but slow (it is meant for GPUs with bf16 support): use fp32 here, or run on a CUDA device",
                run.SpecLocation));
        }
    }
}
