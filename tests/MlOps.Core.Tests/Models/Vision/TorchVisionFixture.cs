using System.Collections;
using System.Text.Json;
using MlOps.Core.Models;
using MlOps.Core.Models.Vision;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Models.Vision;

/// <summary>
/// What Fixtures/make_torchvision_fixtures.py wrote with torchvision 0.14.1, and the same
/// formula-made weights and input on this side, so the tests rebuild torchvision's exact model.
/// </summary>
internal static class TorchVisionFixture
{
    public const int Classes = 10;

    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "Models", "Vision", "Fixtures", file);

    /// <summary>torchvision's state_dict, in its order: (name, dtype, shape).</summary>
    public static IReadOnlyList<(string Name, string DType, long[] Shape)> StateDict(string arch) =>
        [.. File.ReadAllLines(PathOf(arch + ".state_dict.txt")).Select(line =>
        {
            var parts = line.Split(' ');
            var shape = parts[2].Trim('[', ']');
            return (parts[0], parts[1], shape.Length == 0 ? Array.Empty<long>() : shape.Split(',').Select(long.Parse).ToArray());
        })];

    public static ResNetModel Build(string arch, int classes = Classes, int channels = 3) =>
        new(ResNetVariant.Find(arch)!, new ModelShape([channels, 32, 32], classes, [], 0));

    /// <summary>The script's formula: a sine whose phase depends on the name's length.</summary>
    public static Tensor Formula(string name, long[] shape, bool integer)
    {
        if (integer)
        {
            return full(shape, 7L, dtype: ScalarType.Int64);
        }
        var n = shape.Aggregate(1L, (a, b) => a * b);
        using var wave = sin((arange(n, dtype: ScalarType.Float64) * 0.37) + (name.Length % 7)).reshape(shape);
        using var values = name.EndsWith("running_var", StringComparison.Ordinal) ? 1.0 + (0.5 * wave * wave)
            : name.EndsWith("running_mean", StringComparison.Ordinal) || name.EndsWith("bias", StringComparison.Ordinal) ? 0.1 * wave
            : shape.Length == 1 ? 1.0 + (0.1 * wave)
            : wave * Math.Sqrt(2.0 / shape.Skip(1).Aggregate(1L, (a, b) => a * b));
        return values.to(ScalarType.Float32);
    }

    /// <summary>A torchvision-named state_dict with the formula's values (resnet18/50, 10 classes).</summary>
    public static Dictionary<string, Tensor> FormulaStateDict(string arch) =>
        StateDict(arch).ToDictionary(e => e.Name, e => Formula(e.Name, e.Shape, e.DType == "int64"), StringComparer.Ordinal);

    public static Tensor Input()
    {
        using var i = arange(2L * 3 * 32 * 32, dtype: ScalarType.Float64);
        using var wave = 2.0 * sin(i * i * 0.0001);
        return wave.reshape(2, 3, 32, 32).to(ScalarType.Float32);
    }

    public static (float[][] Logits, float[][] FeaturesFirst16, float[] FeaturesSum) Outputs(string arch)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(PathOf(arch + ".outputs.json")));
        float[][] Rows(string key) => [.. document.RootElement.GetProperty(key).EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray())];
        return (Rows("logits"), Rows("features_first_16"), [.. document.RootElement.GetProperty("features_sum").EnumerateArray().Select(v => v.GetSingle())]);
    }

    /// <summary>Saves the way <c>torch.save(model.state_dict(), path)</c> does.</summary>
    public static void SavePyTorch(string path, IReadOnlyDictionary<string, Tensor> stateDict)
    {
        var table = new Hashtable();
        foreach (var (name, tensor) in stateDict)
        {
            table[name] = tensor;
        }
        PyTorchPickler.PickleStateDict(path, table);
    }
}
