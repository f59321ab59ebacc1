using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Model;

namespace MlOps.Core.Data.Formats;

/// <summary>
/// The run half of a data format: reads the spec's training, validation and forgetting data into
/// encoded splits. Its spec half (MlOps.Specs.Formats.DataFormatDefinition: name, layout, row count)
/// is registered under the same <see cref="Format"/>.
/// </summary>
internal abstract class DataFormatLoader
{
    public abstract DataFormat Format { get; }

    /// <summary>Train and validation (or a seeded split of train), encoded; the encoder fitted on training data unless <paramref name="baseEncoder"/> is given.</summary>
    public abstract LoadedData Load(FineTuneSpec spec, DataLoadOptions options, FeatureEncoder? baseEncoder, IReadOnlyList<string>? classes, CancellationToken ct);

    /// <summary>The original task's data (evaluation.forgetting), encoded with the fine-tune's encoder and classes.</summary>
    public abstract (EncodedSplit Split, IReadOnlyList<DatasetInfo> Datasets) LoadForgetting(
        FineTuneSpec spec, ForgettingSpec forgetting, SourceLocation location, FeatureEncoder encoder, IReadOnlyList<string> classes, DataLoadOptions options, CancellationToken ct);
}
