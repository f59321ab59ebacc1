using MlOps.Specs.Model;

namespace MlOps.Specs.Formats;

/// <summary>
/// The spec-language half of a data format: its <c>data.format</c> spelling, the layout that decides
/// which <c>data:</c> keys apply, and a cheap row count for the plausibility warnings. Its run half
/// (MlOps.Core.Data.Formats.DataFormatLoader) is registered under the same <see cref="Format"/>.
/// </summary>
/// <param name="CountRows">Rows in a file, cheaply (a header or a line count); null when unknown. May throw IOException.</param>
public sealed record DataFormatDefinition(DataFormat Format, string Name, DataLayout Layout, Func<string, long?> CountRows)
{
    /// <summary>Audio clips: <c>data.audio</c> applies (and defaults).</summary>
    public bool Audio { get; init; }
}
