namespace MlOps.Contracts.Results;

/// <summary>
/// What a <see cref="GateResult"/> compared (result.json <c>gates[].kind</c>, lower case): a
/// metric gate against a reference yields <see cref="Baseline"/> or <see cref="Champion"/>.
/// </summary>
public enum GateResultKind
{
    /// <summary>A metric against a fixed min or max.</summary>
    Metric,
    /// <summary>Train − validation gap.</summary>
    Overfit,
    /// <summary>Drop on the original task.</summary>
    Forgetting,
    /// <summary>Change against the base model.</summary>
    Baseline,
    /// <summary>Change against the champion model version.</summary>
    Champion,
    /// <summary>A bias entry (fairness metric of a sensitive attribute).</summary>
    Bias,
    /// <summary>An exported model against the trained one (ONNX Runtime's logits against TorchSharp's).</summary>
    Export,
}
