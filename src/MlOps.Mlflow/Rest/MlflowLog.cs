using Microsoft.Extensions.Logging;

namespace MlOps.Mlflow.Rest;

/// <summary>What the REST client logs; never a credential, header or body.</summary>
internal static partial class MlflowLog
{
    [LoggerMessage(1, LogLevel.Debug, "MLflow {Call} answered {Status} after {Attempts} attempt(s) in {ElapsedMs:0} ms")]
    public static partial void CallCompleted(ILogger logger, string call, int status, int attempts, double elapsedMs);

    [LoggerMessage(2, LogLevel.Warning, "MLflow {Call} attempt {Attempt} failed ({Reason}); retrying in {DelayMs:0} ms")]
    public static partial void Retrying(ILogger logger, string call, int attempt, string reason, double delayMs);

    [LoggerMessage(3, LogLevel.Error, "MLflow {Call} is unavailable after {Attempts} attempt(s): {Reason}")]
    public static partial void Unavailable(ILogger logger, string call, int attempts, string reason);
}
