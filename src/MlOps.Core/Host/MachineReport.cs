using System.Runtime.InteropServices;
using MlOps.Contracts.Host;
using MlOps.Contracts.Results;
using static TorchSharp.torch;

namespace MlOps.Core.Host;

/// <summary>What a user needs to know about this machine before training: `mlops doctor`.</summary>
public sealed record MachineReport(IReadOnlyList<KeyValuePair<string, string>> Facts, IReadOnlyList<string> Problems)
{
    /// <param name="loadLibTorch">
    /// False in a process that never trains (the mlops tool, whose `run` trains in a runner that
    /// carries libtorch): libtorch is not loaded and its absence is not a problem.
    /// </param>
    public static MachineReport Collect(string? trackingUri, bool loadLibTorch = true)
    {
        var facts = new List<KeyValuePair<string, string>>();
        var problems = new List<string>();
        void Add(string key, string value) => facts.Add(new(key, value));

        Add(".NET", RuntimeInformation.FrameworkDescription);
        Add("OS", $"{RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})");
        Add("MlOps", ToolVersion.Current);
        Add("TorchSharp", typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString(3) ?? "unknown");
        Add("libstdc++", LibStdCxxStatus.Describe());
        if (!loadLibTorch)
        {
            Add("libtorch", "not loaded by this process");
        }
        else
        {
            try
            {
                Add("libtorch", __version__);
                Add("CPU threads", $"{get_num_threads()} torch threads, {System.Environment.ProcessorCount} logical cores");
                Add("CUDA", cuda.is_available()
                    ? $"available, {cuda.device_count()} device(s)"
                    : "not available: " + CudaAbsenceReason());
            }
            catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or NotSupportedException)
            {
                problems.Add($"libtorch failed to load: {e.GetBaseException().Message}");
                Add("libtorch", "NOT LOADED");
            }
        }
        Add("Tracking URI", trackingUri ?? "(none: ./mlruns file store)");
        return new MachineReport(facts, problems);
    }

    private static string CudaAbsenceReason()
    {
        var native = Path.GetDirectoryName(typeof(TorchSharp.torch).Assembly.Location) ?? ".";
        var hasCudaLib = Directory.Exists(native)
            && Directory.EnumerateFiles(native, "*torch_cuda*", SearchOption.AllDirectories).Any();
        return hasCudaLib
            ? "CUDA libtorch is present but no GPU or driver was found"
            : "this build uses the CPU libtorch package (set MlOpsTorchBackend=cuda on a GPU runner)";
    }
}
