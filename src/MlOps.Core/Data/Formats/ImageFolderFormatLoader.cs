using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Model;

namespace MlOps.Core.Data.Formats;

/// <summary><c>format: imagefolder</c>: one subfolder of pictures per class (<see cref="ImageFileDataLoader"/>).</summary>
internal sealed class ImageFolderFormatLoader : DataFormatLoader
{
    public override DataFormat Format => DataFormat.ImageFolder;

    public override LoadedData Load(FineTuneSpec spec, DataLoadOptions options, FeatureEncoder? baseEncoder, IReadOnlyList<string>? classes, CancellationToken ct) =>
        ImageFileDataLoader.Load(spec, options, baseEncoder, classes, ct);

    public override (EncodedSplit Split, IReadOnlyList<DatasetInfo> Datasets) LoadForgetting(
        FineTuneSpec spec, ForgettingSpec forgetting, SourceLocation location, FeatureEncoder encoder, IReadOnlyList<string> classes, DataLoadOptions options, CancellationToken ct) =>
        ImageFileDataLoader.LoadForgetting(spec.Data, forgetting, encoder, classes, options, ct);
}
