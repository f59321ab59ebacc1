namespace MlOps.Core.Tests.Export;

/// <summary>
/// MLOPS_KEEP_ONNX=folder keeps a copy of every folder these tests export, for the python3-onnx checker
/// (tests/onnx-checker/check.sh). Unset: nothing is kept.
/// </summary>
internal static class KeptExports
{
    public static void Keep(string onnxFolder, string label)
    {
        if (Environment.GetEnvironmentVariable("MLOPS_KEEP_ONNX") is not { Length: > 0 } root || !Directory.Exists(onnxFolder))
        {
            return;
        }
        var target = Path.Combine(root, $"{label}-{Guid.NewGuid().ToString("N")[..6]}");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(onnxFolder))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }
}
