using MlOps.Contracts.Diagnostics;

namespace MlOps.Core.Data;

/// <summary>Everything the training stage needs from the data, encoded once.</summary>
public sealed record LoadedData(EncodedSplit Train, EncodedSplit Validation, FeatureEncoder Encoder, IReadOnlyList<string> Classes, IReadOnlyList<DatasetInfo> Datasets)
{
    /// <summary>Text data: the tokenizer the ids came from (pad, mask and special ids for the model and MLM).</summary>
    public Text.TextTokenizer? Tokenizer { get; init; }
    /// <summary>The held-out test split (data.test or data.split.test) the gates are judged on; null without one. Training, early stopping and restore_best never see it.</summary>
    public EncodedSplit? Test { get; init; }
    /// <summary>Warnings about the data that do not stop the run (e.g. many truncated texts).</summary>
    public IReadOnlyList<Diagnostic> Warnings { get; init; } = [];
    /// <summary>Audio data: one training spectrogram per class, for the report's picture; empty otherwise.</summary>
    public IReadOnlyList<AudioExample> AudioExamples { get; init; } = [];
    /// <summary>training.objective causal_lm: the examples behind the token rows (prompts and completions); null otherwise.</summary>
    public CausalLm.CausalLmData? CausalLm { get; init; }
}

/// <summary>One clip's standardised log-mel spectrogram, [Mels, Frames] row-major, and its class.</summary>
public sealed record AudioExample(string Class, float[] LogMel, int Mels, int Frames);

/// <summary>
/// One encoded split. <paramref name="Features"/> is row-major, Rows × FeaturesPerSample;
/// <paramref name="Labels"/> index into the class list; <paramref name="Groups"/> maps each sensitive
/// attribute to the group of every row. With a <see cref="RowSource"/> (e.g. image files), rows are made
/// batch by batch and <paramref name="Features"/> is empty.
/// </summary>
public sealed record EncodedSplit(string Name, float[] Features, int[] SampleShape, long[] Labels, IReadOnlyDictionary<string, string[]> Groups)
{
    public int Rows => Labels.Length;
    public int FeaturesPerSample { get; } = SampleShape.Aggregate(1, (a, b) => a * b);
    /// <summary>Rows left out under data.missing: drop.</summary>
    public int DroppedRows { get; init; }
    /// <summary>Categorical cells whose value training data never had (encoded as all zeros).</summary>
    public int UnseenCategoryValues { get; init; }
    /// <summary>Text data: each row's token count before padding (special tokens included); null otherwise.</summary>
    public int[]? Lengths { get; init; }
    /// <summary>Text data: rows longer than data.max_length, cut to it.</summary>
    public int TruncatedRows { get; init; }
    /// <summary>CSV/JSONL: the 1-based line where each row's record starts in its file (for predictions.csv); null for IDX.</summary>
    public int[]? SourceLines { get; init; }
    /// <summary>Rows made per batch instead of held in <see cref="Features"/> (decoded images); null: in memory.</summary>
    public IRowSource? RowSource { get; init; }
}

/// <summary>
/// Provenance and profile of one input file as used. Context: training | validation | test | forgetting.
/// Schema: "column:numeric|categorical|label|sensitive|unused" for tabular data, "images:CxHxW uint8" or
/// "labels:uint8" for IDX.
/// </summary>
public sealed record DatasetInfo(string Name, string Context, string Path, string Sha256, int Rows, int Columns, IReadOnlyDictionary<string, int> ClassCounts, IReadOnlyList<string> Schema);
