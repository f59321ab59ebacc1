namespace MlOps.Core.Specs.Model;

public enum HeadMode
{
    /// <summary>Keep the checkpoint's head; the label set must match it.</summary>
    Keep,
    /// <summary>A new classifier sized from the labels replaces the checkpoint's head.</summary>
    Replace,
}

/// <summary>The pretrained starting point.</summary>
public sealed record BaseModelSpec
{
    /// <summary>Registry name (mlp, cnn-small) or a user class's [FineTuneModel] name.</summary>
    public required string Model { get; init; }
    /// <summary>Absolute checkpoint path; null means train from scratch (`checkpoint: none`).</summary>
    public string? Checkpoint { get; init; }
    public HeadMode Head { get; init; } = HeadMode.Replace;
    /// <summary>Hidden layer widths for `mlp`.</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [64, 32];
    public double Dropout { get; init; }
    public SourceLocation? Location { get; init; }
}
