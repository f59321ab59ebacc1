using MlOps.Contracts.Diagnostics;

namespace MlOps.Specs.Model;

public enum DataFormat { Csv, Jsonl, Idx, ImageFolder, Images, Parquet, AudioFolder, Audio }

/// <summary>data.out_of_core: whether training reads batches from the encoded rows on disk instead of one tensor in memory.</summary>
public enum OutOfCoreMode
{
    /// <summary>Out of core when the encoded splits would take more than a quarter of the memory available to the process.</summary>
    Auto,
    /// <summary>Always out of core (the encoded rows go to a temporary file; no in-memory size limit).</summary>
    Always,
    /// <summary>Always in memory; over MLOPS_MAX_DATA_BYTES is an error (MLOPS210).</summary>
    Never,
}

public enum MissingValuePolicy
{
    /// <summary>A missing value is an error naming file, row and column.</summary>
    Error,
    /// <summary>Rows with a missing value are dropped (and counted).</summary>
    Drop,
    /// <summary>Numeric: training mean; categorical: the most frequent training value.</summary>
    Impute,
}

public sealed record DataSpec
{
    public DataFormat Format { get; init; } = DataFormat.Csv;
    /// <summary>An absolute path, or a Hub dataset split (<c>hf://datasets/owner/name@revision/split</c>, see HubDatasetLocation) until the run resolves it to files in the Hub cache. So are Validation and Test.</summary>
    public required string Train { get; init; }
    /// <summary>IDX only: the labels file that goes with <see cref="Train"/>.</summary>
    public string? TrainLabels { get; init; }
    public string? Validation { get; init; }
    public string? ValidationLabels { get; init; }
    /// <summary>Held-out data the gates are judged on; never seen by early stopping or restore_best. Null: split.test of train, or no test split.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Test { get; init; }
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? TestLabels { get; init; }
    /// <summary>Whether the data has a test split (data.test or data.split.test).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasTest => Test is not null || Split.Test > 0;
    /// <summary>The split gates, fairness and the baseline are judged on: "test" when there is one, else "validation" (which also chose the epoch).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string JudgedSplit => HasTest ? "test" : "validation";
    /// <summary>Used when no validation (or test) file is given.</summary>
    public SplitSpec Split { get; init; } = new();
    /// <summary>Label column (csv/jsonl).</summary>
    public string Label { get; init; } = "label";
    /// <summary>Class names in index order; IDX data maps label k to Classes[k]. Empty: sorted labels found in training data.</summary>
    public IReadOnlyList<string> Classes { get; init; } = [];
    /// <summary>Feature column globs; empty means every column but label and sensitive ones.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];
    public IReadOnlyList<string> Exclude { get; init; } = [];
    /// <summary>Columns forced to categorical even when their values parse as numbers.</summary>
    public IReadOnlyList<string> Categorical { get; init; } = [];
    public MissingValuePolicy Missing { get; init; } = MissingValuePolicy.Error;
    /// <summary>Tabular data: auto | true | false (<see cref="OutOfCoreMode"/>). Not part of the fingerprint when auto: it changes where rows live, not what is trained.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public OutOfCoreMode OutOfCore { get; init; }
    public IReadOnlyList<SensitiveAttributeSpec> Sensitive { get; init; } = [];
    public SourceLocation? Location { get; init; }
    /// <summary>Text data: the column holding raw text (csv/jsonl); null for tabular data.</summary>
    public string? Text { get; init; }
    /// <summary>Text data: token ids per row, special tokens included; longer texts are truncated.</summary>
    public int MaxLength { get; init; } = 128;
    /// <summary>Text data: a tokenizer folder or file; null: the base checkpoint's folder.</summary>
    public string? Tokenizer { get; init; }
    /// <summary>Where data.text's value was written: errors about the text column and truncation point there. Not part of the resolved spec (nor its fingerprint).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public SourceLocation? TextLocation { get; init; }
    /// <summary>Image data (imagefolder, images): decode, resize, crop and normalise settings; null: the base model's (or ImageNet's).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ImageSpec? Image { get; init; }
    /// <summary>Image data: random training-time transforms, in order; null: none.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<AugmentSpec>? Augment { get; init; }
    /// <summary>format: images: the manifest column holding each image's path (relative to the manifest); null: "path".</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? PathColumn { get; init; }
    /// <summary>Image data: unreadable images are left out and counted instead of stopping the run.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool SkipUnreadable { get; init; }
    /// <summary>Audio data (format audiofolder or audio): decoding and log-mel settings; null otherwise.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public AudioSpec? Audio { get; init; }
}

/// <summary>data.sensitive[].missing: a missing group value is never merged with a literal value such as "unknown".</summary>
public enum SensitiveMissingPolicy
{
    /// <summary>An error naming the file, line and column of the first missing value.</summary>
    Error,
    /// <summary>Rows with a missing value form their own group, "(missing)", which takes part in the bias checks.</summary>
    Group,
    /// <summary>Rows with a missing value still train and are scored, but are left out of this attribute's bias checks.</summary>
    Drop,
}

public sealed record SplitSpec
{
    public double Validation { get; init; } = 0.2;
    /// <summary>Share of the training file held out as the test split when no data.test is given; 0: none.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public double Test { get; init; }
    public bool Stratify { get; init; } = true;
}

/// <summary>
/// A protected attribute, used for bias checks only. Either a plain column, a numeric column cut
/// into bins, or a value derived from one-hot columns (e.g. German Credit's Personal.* → sex).
/// </summary>
public sealed record SensitiveAttributeSpec
{
    public required string Name { get; init; }
    /// <summary>Source column; defaults to <see cref="Name"/> unless <see cref="OneHot"/> is used.</summary>
    public string? Column { get; init; }
    /// <summary>Upper-exclusive cut points for a numeric column: [25] gives "&lt;25" and "&gt;=25".</summary>
    public IReadOnlyList<double> Bins { get; init; } = [];
    /// <summary>Group name → column glob; a row belongs to the group whose matching column is 1.</summary>
    public IReadOnlyDictionary<string, string> OneHot { get; init; } = new Dictionary<string, string>();
    /// <summary>Sensitive columns never become features unless this is set.</summary>
    public bool UseAsFeature { get; init; }
    /// <summary>What a missing value (empty, NA, NaN, null; a blank cell under bins) means for this attribute.</summary>
    public SensitiveMissingPolicy Missing { get; init; } = SensitiveMissingPolicy.Error;
    public SourceLocation? Location { get; init; }
}
