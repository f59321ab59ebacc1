using System.Text;

namespace MlOps.Contracts.Diagnostics;

/// <summary>
/// The environment variables whose values are secrets (MLflow's token and password, the base64 of
/// user:password that a Basic header carries, GITHUB_TOKEN, the Hugging Face token): one list for
/// every front end that redacts what it prints (the CLI, the MSBuild tasks). The MLflow names are those
/// MlOps.Mlflow's MlflowEnvironmentVariables reads; the contracts reference no client.
/// </summary>
public static class SecretVariables
{
    /// <summary>The secret values set in <paramref name="environment"/>, trimmed; unset and empty ones left out.</summary>
    /// <param name="environment">Variable lookup (the process environment, or a child's environment).</param>
    public static IReadOnlyList<string> Read(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var found = new List<string?>
        {
            environment("MLFLOW_TRACKING_TOKEN"),
            environment("MLFLOW_TRACKING_PASSWORD"),
            environment("GITHUB_TOKEN"),
            environment("HF_TOKEN"),
            environment("HUGGING_FACE_HUB_TOKEN"),
        };
        if (environment("MLFLOW_TRACKING_USERNAME") is { Length: > 0 } user && environment("MLFLOW_TRACKING_PASSWORD") is { Length: > 0 } password)
        {
            found.Add(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }
        return found.Where(v => v is not null).Select(v => v!.Trim()).Where(v => v.Length > 0).ToList();
    }
}
