using MlOps.Specs.Formats;
using MlOps.Specs.Hub;
using MlOps.Specs.Model;
using MlOps.Specs.Yaml;

namespace MlOps.Specs.Binding;

/// <summary>`data:` — where the examples come from and which columns mean what.</summary>
internal static class DataBinder
{
    /// <param name="sensitiveNames">The declared sensitive attribute names; null when the data section is unusable.</param>
    public static DataSpec? Bind(SpecContext ctx, MappingReader top, out IReadOnlyList<string>? sensitiveNames)
    {
        sensitiveNames = null;
        if (!top.Has("data"))
        {
            top.Missing("data", "add a `data:` section with at least `train: <path to the training data>`");
            return null;
        }
        var r = top.Mapping("data", "data");
        if (r is null)
        {
            return null;
        }
        var formatWritten = r.Choice("format", Choices.Format);
        // Image and audio folders are folders, every other format a file or a Hub dataset split.
        var folders = formatWritten is { } written && DataFormats.Of(written).Layout == DataLayout.ClassFolders;
        string? Input(string key, bool required = false, string hint = "") =>
            folders ? (formatWritten == DataFormat.AudioFolder ? ClassFolder(ctx, r, key, required) : ImageDataBinder.Folder(ctx, r, key, required)) : Location(ctx, r, key, required, hint);
        var train = Input("train", required: true, hint: "the training data file, relative to the spec");
        var validation = Input("validation");
        var test = Input("test");
        // The Hub serves every dataset as Parquet, so a Hub location needs no format key.
        var format = formatWritten ?? (HubDatasetLocation.LooksLikeOne(train) ? DataFormat.Parquet : DataFormat.Csv);
        HubNeedsParquet(ctx, r, format);
        var definition = DataFormats.Of(format);
        var labelFiles = definition.Layout == DataLayout.LabelFiles;
        var trainLabels = LabelsPath(ctx, r, "train_labels", labelFiles, required: labelFiles);
        var validationLabels = LabelsPath(ctx, r, "validation_labels", labelFiles, required: labelFiles && validation is not null);
        var testLabels = LabelsPath(ctx, r, "test_labels", labelFiles, required: labelFiles && test is not null);
        var split = Split(ctx, r, test is not null);
        var label = r.Text("label");
        if (label is not null && (labelFiles || folders))
        {
            ctx.Error(SpecErrorCodes.NotApplicable, $"'data.label' names a column and does not apply to format: {definition.Name} (labels come from {(folders ? "the class subfolders" : "train_labels")})", r.KeyNode("label")!);
        }
        if (folders && definition.Audio && r.KeyNode("sensitive") is { } sensitiveKey)
        {
            ctx.Error(SpecErrorCodes.NotApplicable, $"'data.sensitive' needs columns, and format: {definition.Name} has none; list the clips in a manifest (format: audio) with a column per attribute", sensitiveKey);
        }
        var image = ImageDataBinder.Bind(ctx, r, definition);
        var sensitive = SensitiveBinder.Bind(ctx, r);
        var text = TextDataBinder.Bind(ctx, r, labelFiles || definition.Format is DataFormat.ImageFolder or DataFormat.Images || definition.Audio ? definition.Name : null,
            tokenizerWithoutText: YPath.Find(top.Node, "training", "objective") is YScalar { Value: "causal_lm" });
        var audio = AudioDataBinder.Bind(ctx, r, definition);
        sensitiveNames = [.. sensitive.Select(a => a.Name)];
        return train is null ? null : new DataSpec
        {
            Format = format,
            Train = train,
            TrainLabels = trainLabels,
            Validation = validation,
            ValidationLabels = validationLabels,
            Test = test,
            TestLabels = testLabels,
            Split = split,
            Label = label ?? "label",
            Classes = r.TextList("classes") ?? [],
            Include = r.TextList("include") ?? [],
            Exclude = r.TextList("exclude") ?? [],
            Categorical = r.TextList("categorical") ?? [],
            Missing = r.Choice("missing", Choices.Missing) ?? MissingValuePolicy.Error,
            Sensitive = sensitive,
            Location = ctx.Loc(r.Node),
            Text = text.Column,
            MaxLength = text.MaxLength,
            Tokenizer = text.Tokenizer,
            TextLocation = text.Location,
            Image = image.Image,
            Augment = image.Augment,
            PathColumn = image.PathColumn,
            SkipUnreadable = image.SkipUnreadable,
            Audio = audio,
            OutOfCore = r.Choice("out_of_core", Choices.OutOfCore) ?? OutOfCoreMode.Auto,
        };
    }

    /// <summary>A data file, or a Hub dataset split (hf://datasets/…, kept as its canonical spelling until the run resolves it).</summary>
    private static string? Location(SpecContext ctx, MappingReader r, string key, bool required = false, string hint = "")
    {
        if (r.Value(key) is not YScalar { Kind: not ScalarKind.Null } scalar || !HubDatasetLocation.LooksLikeOne(scalar.Value))
        {
            return ctx.InputPath(r, key, required, hint);
        }
        if (HubDatasetLocation.TryParse(scalar.Value, key, out var location, out var error))
        {
            return location.ToString();
        }
        ctx.Error(SpecErrorCodes.HubDatasetLocationInvalid, $"'{r.Join(key)}': {error}", scalar);
        return null;
    }

    private static void HubNeedsParquet(SpecContext ctx, MappingReader r, DataFormat format)
    {
        if (format == DataFormat.Parquet)
        {
            return;
        }
        foreach (var key in new[] { "train", "validation", "test" })
        {
            if (r.Value(key) is YScalar scalar && HubDatasetLocation.LooksLikeOne(scalar.Value))
            {
                ctx.Error(SpecErrorCodes.HubDatasetNotParquet,
                    $"'{r.Join(key)}' is a Hub dataset, which the Hub serves as Parquet files, but data.format is {DataFormats.Of(format).Name}: set 'format: parquet' (or leave format out)", r.KeyNode("format") ?? (YNode)scalar);
            }
        }
    }

    /// <summary>A folder of class folders (audiofolder), resolved like a file path.</summary>
    private static string? ClassFolder(SpecContext ctx, MappingReader r, string key, bool required)
    {
        if (r.Value(key) is not { } node)
        {
            if (required)
            {
                r.Missing(key, "a folder with one subfolder of clips per class, relative to the spec");
            }
            return null;
        }
        var path = ctx.Paths.Resolve(ctx, node, r.Join(key), mustExist: false);
        if (path is not null && !Directory.Exists(path))
        {
            ctx.Error(SpecErrorCodes.PathNotFound, $"'{r.Join(key)}' is not a folder (looked for '{path}'); format: audiofolder takes a folder with one subfolder per class", node);
            return null;
        }
        return path;
    }

    private static string? LabelsPath(SpecContext ctx, MappingReader r, string key, bool labelFiles, bool required)
    {
        if (!labelFiles && r.KeyNode(key) is { } keyNode)
        {
            ctx.Error(SpecErrorCodes.NotApplicable,
                $"'{r.Join(key)}' only applies to format: {DataFormats.Names(DataLayout.LabelFiles, "or")}; {DataFormats.Names(DataLayout.Table, "and")} name the label column with 'label'", keyNode);
            return null;
        }
        return ctx.InputPath(r, key, required, "IDX data keeps labels in a separate file (e.g. train-labels-idx1-ubyte)");
    }

    private static SplitSpec Split(SpecContext ctx, MappingReader r, bool hasTestFile)
    {
        var split = r.Mapping("split", "data.split");
        if (split is null)
        {
            return new SplitSpec();
        }
        // 0 turns the split off (then there is no validation data, which is warned about).
        var result = new SplitSpec
        {
            Validation = split.Number("validation", new NumberRange(0, 1, MaxExclusive: true)) ?? 0.2,
            Test = split.Number("test", new NumberRange(0, 1, MaxExclusive: true)) ?? 0,
            Stratify = split.Bool("stratify") ?? true,
        };
        if (hasTestFile && split.KeyNode("test") is { } testKey)
        {
            ctx.Error(SpecErrorCodes.NotApplicable, "'data.split.test' holds out part of the training file as the test split, and data.test already names a test file: keep one of them", testKey);
        }
        else if (result.Test > 0 && result.Validation + result.Test >= 1 && split.Value("test") is { } testValue)
        {
            ctx.Error(SpecErrorCodes.OutOfRange, $"data.split takes {result.Validation} for validation and {result.Test} for test, which leaves no training rows: their sum must be below 1", testValue);
        }
        return result;
    }
}
