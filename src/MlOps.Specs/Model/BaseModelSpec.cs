using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Hub;

namespace MlOps.Specs.Model;

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
    /// <summary>The value of `model: auto`: the architecture the checkpoint names.</summary>
    public const string AutoModel = "auto";

    /// <summary>Registry name (mlp, cnn-small) or a user class's [FineTuneModel] name; `auto` (the default) takes it from the checkpoint.</summary>
    public required string Model { get; init; }
    /// <summary>
    /// Absolute checkpoint path (a file, or a folder in the Hugging Face layout); null means train
    /// from scratch (`checkpoint: none`). For a Hub checkpoint it is the canonical `hf://org/model@revision`
    /// until the run resolves it, and the local snapshot folder after.
    /// </summary>
    public string? Checkpoint { get; init; }
    /// <summary>Set when base.checkpoint is `hf://…`: the Hub repository and revision.</summary>
    public HubModelId? Hub { get; init; }
    /// <summary>Where base.checkpoint was written (errors about the checkpoint point here).</summary>
    public SourceLocation? CheckpointLocation { get; init; }
    public HeadMode Head { get; init; } = HeadMode.Replace;
    /// <summary>
    /// A Hugging Face config.json that defines the architecture when there is no checkpoint to
    /// take it from: BERT-family pretraining from scratch (absolute path).
    /// </summary>
    public string? Config { get; init; }
    /// <summary>Hidden layer widths for `mlp`.</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [64, 32];
    public double Dropout { get; init; }

    /// <summary>
    /// wav2vec2 / hubert: whether the conv feature encoder stays frozen (null: the family's default,
    /// frozen, as transformers' freeze_feature_encoder()). Left out of the fingerprint when unset.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public bool? FreezeFeatureEncoder { get; init; }
    public SourceLocation? Location { get; init; }
}
