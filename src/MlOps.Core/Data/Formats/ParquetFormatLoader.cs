using MlOps.Specs.Model;

namespace MlOps.Core.Data.Formats;

/// <summary><c>format: parquet</c>: one file, or a Hub dataset split's shards (<see cref="ParquetReader"/>).</summary>
internal sealed class ParquetFormatLoader : TableFormatLoader
{
    public override DataFormat Format => DataFormat.Parquet;

    public override bool IsTextFile => false;

    public override RawTable Read(string path, DataLoadOptions options, CancellationToken ct) => ParquetReader.Read(path, options, ct);
}
