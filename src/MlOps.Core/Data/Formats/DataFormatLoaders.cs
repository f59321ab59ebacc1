using MlOps.Specs.Model;

namespace MlOps.Core.Data.Formats;

/// <summary>
/// The run half of every data format, one line each (docs/extending.md). A test checks that every
/// format in MlOps.Specs.Formats.DataFormats has exactly one loader here, and nothing more.
/// </summary>
internal static class DataFormatLoaders
{
    public static readonly IReadOnlyList<DataFormatLoader> All =
    [
        new CsvFormatLoader(),
        new JsonlFormatLoader(),
        new IdxFormatLoader(),
        new ImageFolderFormatLoader(),
        new ImagesFormatLoader(),
    ];

    public static DataFormatLoader Of(DataFormat format) =>
        All.FirstOrDefault(l => l.Format == format) ?? throw new ArgumentOutOfRangeException(nameof(format), format, "no loader is registered in DataFormatLoaders.All");
}
