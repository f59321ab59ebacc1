using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Model;

namespace MlOps.Core.Data.Formats;

/// <summary>
/// A format of rows with named columns (CSV, JSON Lines): it only reads a file into a
/// <see cref="RawTable"/>. What the rows mean is decided here, once: text examples when
/// <c>data.text</c> names a column, tabular features otherwise.
/// </summary>
internal abstract class TableFormatLoader : DataFormatLoader
{
    public abstract RawTable Read(string path, DataLoadOptions options, CancellationToken ct);

    /// <summary>A text file (CSV, JSON Lines): text data in it is checked to be UTF-8 first. A binary format decodes its own strings.</summary>
    public virtual bool IsTextFile => true;

    public override LoadedData Load(FineTuneSpec spec, DataLoadOptions options, FeatureEncoder? baseEncoder, IReadOnlyList<string>? classes, CancellationToken ct) =>
        IsText(spec.Data)
            ? TextDataLoader.Load(spec, options, baseEncoder, classes, ct)
            : TabularDataLoader.Load(spec, options, baseEncoder, classes, ct);

    public override (EncodedSplit Split, IReadOnlyList<DatasetInfo> Datasets) LoadForgetting(
        FineTuneSpec spec, ForgettingSpec forgetting, SourceLocation location, FeatureEncoder encoder, IReadOnlyList<string> classes, DataLoadOptions options, CancellationToken ct) =>
        IsText(spec.Data)
            ? TextDataLoader.LoadForgetting(spec, forgetting, location, encoder, classes, options, ct)
            : TabularDataLoader.LoadForgetting(spec.Data, forgetting, location, encoder, classes, options, ct);

    private static bool IsText(DataSpec data) => data.Text is not null;
}
