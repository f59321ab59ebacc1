namespace MlOps.Core.Training;

/// <summary>Stable codes for training problems (MLOPS400–499).</summary>
public static class TrainingErrorCodes
{
    /// <summary>Every parameter is frozen: nothing would train.</summary>
    public const string NothingToTrain = "MLOPS401";
    /// <summary>The loss became NaN or infinite.</summary>
    public const string NonFiniteLoss = "MLOPS402";
    /// <summary>--resume found no usable checkpoint, or one from a different spec.</summary>
    public const string ResumeImpossible = "MLOPS403";
    /// <summary>The requested device is not available (e.g. cuda on a CPU-only build).</summary>
    public const string DeviceUnavailable = "MLOPS404";
    /// <summary>The early-stopping metric was not computed.</summary>
    public const string UnknownMonitor = "MLOPS405";
    /// <summary>Warning: training.precision is bf16 on a CPU (correct, but slow; meant for GPUs).</summary>
    public const string Bf16OnCpu = "MLOPS415";
}
