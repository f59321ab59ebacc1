using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Export;
using static TorchSharp.torch;

namespace MlOps.Core.Export.Graphs;

/// <summary>
/// The model's weights by state-dict name (LoRA already merged), read as float32 on the CPU for the
/// graph's initializers. A name the exporter expects and the model lacks is MLOPS351, never a half graph.
/// </summary>
internal sealed class ModelWeights(IReadOnlyDictionary<string, Tensor> state, string family)
{
    public bool Has(string name) => state.ContainsKey(name);

    public long[] Dims(string name) => Get(name).shape;

    public float[] Floats(string name)
    {
        using var cpu = Get(name).detach().to(ScalarType.Float32).cpu().contiguous();
        return cpu.data<float>().ToArray();
    }

    /// <summary>A Linear weight [out, in] transposed to [in, out], for MatMul on 3-d inputs.</summary>
    public float[] Transposed(string name)
    {
        using var cpu = Get(name).detach().to(ScalarType.Float32).cpu().t().contiguous();
        return cpu.data<float>().ToArray();
    }

    /// <summary>One row of an embedding table (token type 0 of BERT).</summary>
    public float[] Row(string name, long row)
    {
        using var cpu = Get(name).detach().to(ScalarType.Float32).cpu()[row].contiguous();
        return cpu.data<float>().ToArray();
    }

    private Tensor Get(string name) => state.TryGetValue(name, out var tensor)
        ? tensor
        : throw new MlOpsException(Diagnostic.Error(ExportErrorCodes.ModuleNotExportable,
            $"cannot export the {family} model to ONNX: it has no tensor '{name}', which the {family} graph reads; the module tree differs from the family's (a custom layer?)",
            SourceLocation.None("")));
}
