using MlOps.Specs.Model;

namespace MlOps.Specs;

/// <summary>Stable diagnostic codes of the spec language (MLOPS001–199).</summary>
public static class SpecErrorCodes
{
    /// <summary>The spec file does not exist or cannot be read.</summary>
    public const string SpecFileNotFound = "MLOPS001";
    /// <summary>The spec file is larger than 1 MiB; it is refused before parsing.</summary>
    public const string SpecFileTooLarge = "MLOPS002";
    /// <summary>The spec file is not valid UTF-8 (the byte offset is named).</summary>
    public const string NotUtf8 = "MLOPS003";
    /// <summary>The spec file is empty or holds only comments.</summary>
    public const string EmptySpec = "MLOPS004";
    /// <summary>A tab is used for indentation; YAML only allows spaces.</summary>
    public const string TabIndentation = "MLOPS005";
    /// <summary>YAML syntax error.</summary>
    public const string YamlSyntax = "MLOPS006";
    /// <summary>The file holds more than one YAML document (---).</summary>
    public const string MultipleDocuments = "MLOPS007";
    /// <summary>YAML aliases expand to too many nodes (billion laughs guard).</summary>
    public const string AliasExpansionLimit = "MLOPS008";
    /// <summary>Mappings/lists nested deeper than the limit.</summary>
    public const string NestingTooDeep = "MLOPS009";
    /// <summary>A key the spec language does not know; a close known key is suggested.</summary>
    public const string UnknownKey = "MLOPS011";
    /// <summary>The same key appears twice in one mapping (points at the second).</summary>
    public const string DuplicateKey = "MLOPS012";
    /// <summary>A value has the wrong type (expected vs found).</summary>
    public const string WrongType = "MLOPS013";
    /// <summary>A required value is missing.</summary>
    public const string MissingRequired = "MLOPS014";
    /// <summary>A number is out of its allowed range.</summary>
    public const string OutOfRange = "MLOPS015";
    /// <summary>A value is not one of the allowed values (they are listed).</summary>
    public const string NotAllowed = "MLOPS016";
    /// <summary>A value does not have the required form (name pattern, ascending bins, device).</summary>
    public const string InvalidFormat = "MLOPS017";
    /// <summary>A key does not apply here (e.g. max_gap on a metric gate, train_labels for csv).</summary>
    public const string NotApplicable = "MLOPS018";
    /// <summary>Two entries declare the same name (sensitive attributes).</summary>
    public const string DuplicateName = "MLOPS019";
    /// <summary>An input path does not exist.</summary>
    public const string PathNotFound = "MLOPS020";
    /// <summary>A path resolves outside the repository root (.., absolute path or symlink).</summary>
    public const string PathOutsideRepository = "MLOPS021";
    /// <summary>A path is empty or malformed.</summary>
    public const string PathInvalid = "MLOPS022";
    /// <summary>A metric name the evaluation does not compute.</summary>
    public const string UnknownMetric = "MLOPS030";
    /// <summary>early_stopping.metric is not val_loss, train_loss or val_&lt;metric&gt;.</summary>
    public const string NotMonitorable = "MLOPS031";
    /// <summary>A gate entry must have exactly one of metric, overfit, forgetting.</summary>
    public const string GateKind = "MLOPS032";
    /// <summary>A gate or bias check has no condition (min/max/against, max_gap, max_drop).</summary>
    public const string MissingCondition = "MLOPS033";
    /// <summary>A forgetting gate without evaluation.forgetting data.</summary>
    public const string ForgettingWithoutData = "MLOPS035";
    /// <summary>A fairness metric name that is not known.</summary>
    public const string UnknownFairnessMetric = "MLOPS036";
    /// <summary>A bias check's attribute is not declared in data.sensitive.</summary>
    public const string AttributeNotSensitive = "MLOPS037";
    /// <summary>min is greater than max.</summary>
    public const string EmptyInterval = "MLOPS038";
    /// <summary>data.image settings that do not fit together (mean/std per channel, resize below size).</summary>
    public const string ImageSettingInvalid = "MLOPS040";
    /// <summary>A data.augment entry that is not random_resized_crop, horizontal_flip, color_jitter or rotation, or has a bad amount.</summary>
    public const string UnknownAugmentation = "MLOPS041";
    /// <summary>An image setting (data.image, augment, path_column, skip_unreadable) on a format that holds no image files.</summary>
    public const string ImageSettingNotApplicable = "MLOPS042";
    /// <summary>format: imagefolder, but data.train, validation or test is not a folder.</summary>
    public const string ImageFolderNotFound = "MLOPS043";
    /// <summary>A data location starts with hf://datasets/ but is not hf://datasets/&lt;owner&gt;/&lt;name&gt;[@&lt;revision&gt;][/[&lt;config&gt;/]&lt;split&gt;].</summary>
    public const string HubDatasetLocationInvalid = "MLOPS045";
    /// <summary>A Hub dataset location with a data.format other than parquet (the Hub serves datasets as Parquet).</summary>
    public const string HubDatasetNotParquet = "MLOPS046";
    /// <summary>A setting that the training objective cannot use (e.g. bias checks on masked-LM pretraining).</summary>
    public const string ObjectiveMismatch = "MLOPS050";

    /// <summary>A metric of the other objective's family (accuracy on masked_lm, masked_accuracy on classification).</summary>
    public const string MetricNotForObjective = "MLOPS051";
    /// <summary>data.audio settings that cannot work together (f_max above the Nyquist rate, a clip shorter than n_fft, hop_length above n_fft, SNR bounds reversed).</summary>
    public const string AudioSettingsConflict = "MLOPS070";
    /// <summary>base.freeze_feature_encoder on a model that has no conv feature encoder (only wav2vec2 and hubert have one).</summary>
    public const string FeatureEncoderFreezeNotApplicable = "MLOPS071";

    /// <summary>`export.onnx` on a spec that trains no classifier (masked_lm pretraining).</summary>
    public const string ExportNeedsClassifier = "MLOPS052";

    /// <summary>An export gate names a format that is not exported (`export: tflite`).</summary>
    public const string UnknownExportFormat = "MLOPS053";

    /// <summary>Warning: learning rate above 1e-2 while fine-tuning from a checkpoint.</summary>
    public const string HighFineTuneLearningRate = "MLOPS100";
    /// <summary>Warning: epochs × training rows below 1,000 sample passes.</summary>
    public const string TooFewSamplePasses = "MLOPS101";
    /// <summary>Warning: epochs × training rows above 1e9 sample passes.</summary>
    public const string TooManySamplePasses = "MLOPS102";
    /// <summary>Warning: no validation file and the split is disabled.</summary>
    public const string NoValidationData = "MLOPS103";
    /// <summary>A counterfactual bias entry's groups cannot give comparable prompts (fewer than two, other placeholders, lists of unequal length, a placeholder the template lacks).</summary>
    public const string CounterfactualMalformed = "MLOPS104";
    /// <summary>evaluation.forgetting names both `text:` (a language model's general text) and `data:`/`labels:` (a classifier's original task).</summary>
    public const string ForgettingTextAndData = "MLOPS113";
}
