using MlOps.Contracts.Diagnostics;
using MlOps.Core.Data.Audio;
using MlOps.Specs.Model;

namespace MlOps.Core.Data.Formats;

/// <summary><c>format: audiofolder</c>: one subfolder of WAV/FLAC clips per class (<see cref="AudioDataLoader"/>).</summary>
internal sealed class AudioFolderFormatLoader : DataFormatLoader
{
    public override DataFormat Format => DataFormat.AudioFolder;

    public override LoadedData Load(FineTuneSpec spec, DataLoadOptions options, FeatureEncoder? baseEncoder, IReadOnlyList<string>? classes, CancellationToken ct) =>
        AudioDataLoader.Load(spec, options, baseEncoder, classes, ct);

    public override (EncodedSplit Split, IReadOnlyList<DatasetInfo> Datasets) LoadForgetting(
        FineTuneSpec spec, ForgettingSpec forgetting, SourceLocation location, FeatureEncoder encoder, IReadOnlyList<string> classes, DataLoadOptions options, CancellationToken ct) =>
        AudioDataLoader.LoadForgetting(spec, forgetting, location, encoder, classes, options, ct);
}
