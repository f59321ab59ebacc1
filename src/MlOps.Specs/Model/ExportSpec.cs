using MlOps.Contracts.Diagnostics;

namespace MlOps.Specs.Model;

/// <summary>
/// `export:` — what a run writes for serving besides its own model files. <c>onnx: true</c> writes
/// <c>onnx/model.onnx</c> and <c>onnx/model.json</c> and checks the graph with ONNX Runtime against
/// TorchSharp on the validation split (docs/onnx-export.md).
/// </summary>
public sealed record ExportSpec
{
    /// <summary>17: the first opset with LayerNormalization, and the newest Debian's python3-onnx 1.12 checks.</summary>
    public const int DefaultOpset = 17;
    public const int MinOpset = 17;
    /// <summary>The graphs use no operator whose definition changed between 17 and 21.</summary>
    public const int MaxOpset = 21;

    /// <summary>Written the `export:` section: true unless it says <c>onnx: false</c>.</summary>
    public bool Onnx { get; init; } = true;
    public int Opset { get; init; } = DefaultOpset;
    public SourceLocation? Location { get; init; }
}
