using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Model;

namespace MlOps.Core.Data.Formats;

/// <summary><c>format: idx</c>: MNIST's image and label files (<see cref="ImageDataLoader"/>).</summary>
internal sealed class IdxFormatLoader : DataFormatLoader
{
    public override DataFormat Format => DataFormat.Idx;

    public override LoadedData Load(FineTuneSpec spec, DataLoadOptions options, FeatureEncoder? baseEncoder, IReadOnlyList<string>? classes, CancellationToken ct) =>
        ImageDataLoader.Load(spec, options, baseEncoder, classes, ct);

    public override (EncodedSplit Split, IReadOnlyList<DatasetInfo> Datasets) LoadForgetting(
        FineTuneSpec spec, ForgettingSpec forgetting, SourceLocation location, FeatureEncoder encoder, IReadOnlyList<string> classes, DataLoadOptions options, CancellationToken ct) =>
        ImageDataLoader.LoadForgetting(forgetting, location, encoder, classes, options);
}
