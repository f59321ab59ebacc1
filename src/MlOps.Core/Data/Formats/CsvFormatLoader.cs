using MlOps.Specs.Model;

namespace MlOps.Core.Data.Formats;

/// <summary><c>format: csv</c> (RFC 4180, a header row).</summary>
internal sealed class CsvFormatLoader : TableFormatLoader
{
    public override DataFormat Format => DataFormat.Csv;

    public override Streaming.TableRows Open(string path, DataLoadOptions options, CancellationToken ct) => Streaming.CsvRows.Open(path, ct);

    public override RawTable Read(string path, DataLoadOptions options, CancellationToken ct) => CsvReader.Read(path, options, ct);
}
