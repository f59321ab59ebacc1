using MlOps.Contracts.Diagnostics;
using MlOps.Core.Data.Formats;
using MlOps.Specs.Model;

namespace MlOps.Core.Data;

/// <summary>The data stage: read, split, fit the encoder on training data only, encode. The spec's data format (<see cref="DataFormatLoaders"/>) does the reading.</summary>
public static class DatasetLoader
{
    /// <summary>
    /// Reads train (+ validation, or a seeded stratified split of train) and encodes both. The encoder
    /// is fitted on the training split, unless <paramref name="baseEncoder"/> is given (a fine-tune
    /// keeps its backbone's feature layout). Bad data throws <see cref="MlOpsException"/>
    /// naming file, row and column.
    /// </summary>
    public static LoadedData Load(FineTuneSpec spec, FeatureEncoder? baseEncoder = null, IReadOnlyList<string>? classes = null, CancellationToken ct = default) =>
        Load(spec, new DataLoadOptions(), baseEncoder, classes, ct);

    public static LoadedData Load(FineTuneSpec spec, DataLoadOptions options, FeatureEncoder? baseEncoder = null, IReadOnlyList<string>? classes = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        // A language model's data are token sequences with per-token labels, whatever the file format.
        return spec.Training.Objective == TrainingObjective.CausalLm
            ? CausalLm.CausalLmDataLoader.Load(spec, options, ct)
            : DataFormatLoaders.Of(spec.Data.Format).Load(spec, options, baseEncoder, classes, ct);
    }

    /// <summary>The original task's data (evaluation.forgetting), encoded with the given encoder and class list.</summary>
    public static EncodedSplit LoadForgetting(FineTuneSpec spec, FeatureEncoder encoder, IReadOnlyList<string> classes, CancellationToken ct = default) =>
        LoadForgetting(spec, encoder, classes, new DataLoadOptions(), ct);

    public static EncodedSplit LoadForgetting(FineTuneSpec spec, FeatureEncoder encoder, IReadOnlyList<string> classes, DataLoadOptions options, CancellationToken ct = default) =>
        LoadForgettingWithInfo(spec, encoder, classes, options, ct).Split;

    /// <summary>As <see cref="LoadForgetting(FineTuneSpec, FeatureEncoder, IReadOnlyList{string}, CancellationToken)"/>, with the files' provenance.</summary>
    public static (EncodedSplit Split, IReadOnlyList<DatasetInfo> Datasets) LoadForgettingWithInfo(FineTuneSpec spec, FeatureEncoder encoder, IReadOnlyList<string> classes, DataLoadOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(options);
        var forgetting = spec.Evaluation.Forgetting
            ?? throw DataError.File(DataErrorCodes.BadSetting, spec.SpecPath, "forgetting data was asked for, but the spec has no evaluation.forgetting section; add { data: <file>, metric: accuracy }.");
        var location = forgetting.Location ?? SourceLocation.None(spec.SpecPath);
        return DataFormatLoaders.Of(spec.Data.Format).LoadForgetting(spec, forgetting, location, encoder, classes, options, ct);
    }

    /// <summary>Where the data section was written, for errors about its settings.</summary>
    internal static SourceLocation SpecLocation(FineTuneSpec spec) => spec.Data.Location ?? SourceLocation.None(spec.SpecPath);

    /// <summary>Errors point at the spec line that names the file (the file itself may not exist).</summary>
    internal static void RequireFile(string? path, string what, SourceLocation specLocation)
    {
        if (path is null)
        {
            throw DataError.Spec(DataErrorCodes.BadSetting, specLocation, $"{what} is not set in the spec.");
        }
        if (DataFiles.IsPattern(path))
        {
            // Shards (a Hub dataset split): each one is read, and checked, by the format's reader.
            if (DataFiles.Expand(path).Count == 0)
            {
                throw DataError.Spec(DataErrorCodes.FileNotFound, specLocation, $"{what}: no file matches '{path}'.");
            }
            return;
        }
        if (!File.Exists(path))
        {
            throw DataError.Spec(DataErrorCodes.FileNotFound, specLocation, $"{what} file '{path}' does not exist. Check the path in the spec (relative paths are resolved against the spec's folder).");
        }
        if (MlOps.Contracts.IO.FileKind.NotRegular(path) is { } kind)
        {
            throw DataError.Spec(DataErrorCodes.FileNotFound, specLocation, $"{what} file '{path}' is {kind}, not a regular file: reading it could block forever or never end. Point the spec at a regular file.");
        }
    }
}
