using System.Security.Cryptography;
using System.Text;

namespace MlOps.Mlflow.FileStore;

/// <summary>Identifiers generated the way MLflow's file store does.</summary>
internal static class MlflowIds
{
    /// <summary>uuid4().hex: 32 lowercase hex characters.</summary>
    public static string NewRunId() => Guid.NewGuid().ToString("N");

    /// <summary>MLflow ≥ 2 file store: a random 18-digit integer (e.g. 263237074960299620).</summary>
    public static string NewExperimentId() =>
        Random.Shared.NextInt64(100_000_000_000_000_000, 1_000_000_000_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>FileStore._get_dataset_id: md5(name + digest).</summary>
    public static string DatasetId(string name, string digest) => Md5(name + digest);

    /// <summary>FileStore._get_input_id: md5(dataset_id + run_id).</summary>
    public static string InputId(string datasetId, string runId) => Md5(datasetId + runId);

#pragma warning disable CA5351 // MLflow's own naming scheme, not a security use.
    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351

    public static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
