namespace MlOps.Core.Models.Adapters;

/// <summary>Stable codes for adapter problems (MLOPS330–339).</summary>
public static class AdapterErrorCodes
{
    /// <summary>An adapter target glob matches no Linear layer of the model (the ones that exist are listed).</summary>
    public const string TargetMatchesNothing = "MLOPS330";
    /// <summary>A matched Linear layer cannot be replaced by its LoRA wrapper (held in a field typed Linear, or in an unsupported container).</summary>
    public const string CannotWrap = "MLOPS331";
}
