using MlOps.Mlflow.Configuration;

namespace MlOps.Core.Tracking;

/// <summary>Who a run belongs to (MLflow's user_id and mlflow.user tag): the MLflow login, else the CI actor, else the OS user.</summary>
public static class RunUser
{
    public static string Of(Func<string, string?> env, CiContext ci, string osUser)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(ci);
        return NonEmpty(env(MlflowEnvironmentVariables.TrackingUsername)) ?? NonEmpty(ci.Actor) ?? osUser;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
