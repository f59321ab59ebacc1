using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Model;

namespace MlOps.Core.Data.Formats;

/// <summary><c>format: images</c>: a CSV or JSON Lines manifest naming each picture, its label and any other columns (sensitive attributes) (<see cref="ImageFileDataLoader"/>).</summary>
internal sealed class ImagesFormatLoader : DataFormatLoader
{
    public override DataFormat Format => DataFormat.Images;

    public override LoadedData Load(FineTuneSpec spec, DataLoadOptions options, FeatureEncoder? baseEncoder, IReadOnlyList<string>? classes, CancellationToken ct) =>
        ImageFileDataLoader.Load(spec, options, baseEncoder, classes, ct);

    public override (EncodedSplit Split, IReadOnlyList<DatasetInfo> Datasets) LoadForgetting(
        FineTuneSpec spec, ForgettingSpec forgetting, SourceLocation location, FeatureEncoder encoder, IReadOnlyList<string> classes, DataLoadOptions options, CancellationToken ct) =>
        ImageFileDataLoader.LoadForgetting(spec.Data, forgetting, encoder, classes, options, ct);
}
