using MlOps.Specs.Model;

namespace MlOps.Core.Data.Formats;

/// <summary><c>format: jsonl</c> (one JSON object per line).</summary>
internal sealed class JsonlFormatLoader : TableFormatLoader
{
    public override DataFormat Format => DataFormat.Jsonl;

    public override Streaming.TableRows Open(string path, DataLoadOptions options, CancellationToken ct) => Streaming.JsonlRows.Open(path, ct);

    public override RawTable Read(string path, DataLoadOptions options, CancellationToken ct) => JsonlReader.Read(path, options, ct);
}
