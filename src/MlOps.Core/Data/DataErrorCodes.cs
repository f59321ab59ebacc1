namespace MlOps.Core.Data;

/// <summary>Stable diagnostic codes of the data stage (MLOPS200–299).</summary>
public static class DataErrorCodes
{
    /// <summary>A data file named by the spec does not exist or cannot be read.</summary>
    public const string FileNotFound = "MLOPS200";
    /// <summary>A CSV file breaks RFC 4180 (unterminated quote, wrong field count, bad header).</summary>
    public const string CsvMalformed = "MLOPS201";
    /// <summary>A JSON Lines file has a line that is not one flat JSON object.</summary>
    public const string JsonlMalformed = "MLOPS202";
    /// <summary>An IDX file has a wrong magic number, wrong dimensions or is truncated.</summary>
    public const string IdxMalformed = "MLOPS203";
    /// <summary>The label column named by data.label is not in the file.</summary>
    public const string LabelColumnMissing = "MLOPS204";
    /// <summary>A missing value (empty, NA, NaN, null) under data.missing: error.</summary>
    public const string MissingValue = "MLOPS205";
    /// <summary>A value in a numeric feature column does not parse as a number.</summary>
    public const string NotNumeric = "MLOPS206";
    /// <summary>A validation/forgetting label that training data never had, or not in the class list.</summary>
    public const string UnseenLabel = "MLOPS207";
    /// <summary>Training data holds a single class: nothing to learn.</summary>
    public const string SingleClass = "MLOPS208";
    /// <summary>Train and validation (or the encoder) disagree on the columns.</summary>
    public const string ColumnMismatch = "MLOPS209";
    /// <summary>The encoded float matrix would exceed the memory limit.</summary>
    public const string TooLarge = "MLOPS210";
    /// <summary>A file (or a split) holds no data rows.</summary>
    public const string Empty = "MLOPS211";
    /// <summary>A sensitive attribute's source column is not in the file.</summary>
    public const string SensitiveColumnMissing = "MLOPS212";
    /// <summary>No column is left to be a feature after include/exclude/label/sensitive.</summary>
    public const string NoFeatures = "MLOPS213";
    /// <summary>A supplied feature encoder does not fit this data (kind, image shape, bad JSON).</summary>
    public const string EncoderMismatch = "MLOPS214";
    /// <summary>IDX images and labels differ in count, or a labels file is not given.</summary>
    public const string LabelsMismatch = "MLOPS215";
    /// <summary>A data setting cannot work (e.g. forgetting data asked for but not configured).</summary>
    public const string BadSetting = "MLOPS216";
    /// <summary>A sensitive attribute's setting does not fit its data: bins on a text column or overlapping one_hot globs (warnings), a literal "(missing)" under missing: group (error).</summary>
    public const string SensitiveSettingMisfit = "MLOPS217";
    /// <summary>A finite number too large to standardise: the column's mean or spread overflows, or its scaled value a 32-bit float.</summary>
    public const string NumberTooLarge = "MLOPS218";
    /// <summary>An image file is corrupt, truncated or not an image (JPEG, PNG, BMP, GIF, WebP); data.skip_unreadable: true counts it instead.</summary>
    public const string ImageUnreadable = "MLOPS240";
    /// <summary>An image folder has a class subfolder without images, or no class subfolders at all.</summary>
    public const string ImageClassFolderEmpty = "MLOPS241";
    /// <summary>A validation or test class subfolder that the training folder does not have.</summary>
    public const string ImageClassNotInTraining = "MLOPS242";
    /// <summary>An images manifest lacks its path column, or a row's path is empty or names no file.</summary>
    public const string ImagePathMissing = "MLOPS243";
    /// <summary>data.image differs from the preprocessing the base model was trained with.</summary>
    public const string ImagePreprocessingMismatch = "MLOPS244";
    /// <summary>An image setting the data cannot honour (data.sensitive on an image folder, which has no columns).</summary>
    public const string ImageSettingUnsupported = "MLOPS245";
}
