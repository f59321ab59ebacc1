namespace MlOps.Specs.Model;

/// <summary>The devices a spec's <c>device</c> (and <c>mlops run --device</c>) may name: one rule for both.</summary>
public static class DeviceNames
{
    /// <summary>As listed in messages.</summary>
    public const string Allowed = "auto, cpu, cuda, cuda:N (N a GPU index)";

    /// <summary>True for auto, cpu, cuda and cuda:N.</summary>
    public static bool IsValid(string device) =>
        device is "auto" or "cpu" or "cuda"
        || (device.StartsWith("cuda:", StringComparison.Ordinal) && device.Length > 5 && device.Skip(5).All(c => c is >= '0' and <= '9'));
}
