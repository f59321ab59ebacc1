using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Model;

namespace MlOps.Core.Data.Formats;

/// <summary>
/// A format of rows with named columns (CSV, JSON Lines): it reads a file, nothing more. What the rows
/// mean is decided here, once: text examples when <c>data.text</c> names a column, tabular features otherwise.
/// Two ways to read (docs/extending.md, "A data format"): <see cref="Read"/>, the whole file into a
/// <see cref="RawTable"/>, is all a format must implement; <see cref="Open"/> streams it, one record at a
/// time, and tabular loading then never holds the file (by default it serves the <see cref="RawTable"/>).
/// </summary>
internal abstract class TableFormatLoader : DataFormatLoader
{
    public abstract RawTable Read(string path, DataLoadOptions options, CancellationToken ct);

    /// <summary>A text file (CSV, JSON Lines): text data in it is checked to be UTF-8 first. A binary format decodes its own strings.</summary>
    public virtual bool IsTextFile => true;
    /// <summary>One pass over the file's records; opened again for each pass (the tabular loader makes two: scan, and an error's cell text).</summary>
    public virtual Streaming.TableRows Open(string path, DataLoadOptions options, CancellationToken ct) => new Streaming.RawTableRows(Read(path, options, ct));

    public override LoadedData Load(FineTuneSpec spec, DataLoadOptions options, FeatureEncoder? baseEncoder, IReadOnlyList<string>? classes, CancellationToken ct) =>
        IsText(spec.Data)
            ? TextDataLoader.Load(spec, options, baseEncoder, classes, ct)
            : TabularDataLoader.Load(spec, options, baseEncoder, classes, ct);

    public override (EncodedSplit Split, IReadOnlyList<DatasetInfo> Datasets) LoadForgetting(
        FineTuneSpec spec, ForgettingSpec forgetting, SourceLocation location, FeatureEncoder encoder, IReadOnlyList<string> classes, DataLoadOptions options, CancellationToken ct) =>
        IsText(spec.Data)
            ? TextDataLoader.LoadForgetting(spec, forgetting, location, encoder, classes, options, ct)
            : TabularDataLoader.LoadForgetting(spec, forgetting, location, encoder, classes, options, ct);

    private static bool IsText(DataSpec data) => data.Text is not null;
}
