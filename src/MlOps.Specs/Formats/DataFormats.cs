using MlOps.Specs.Binding;
using MlOps.Specs.Checks;
using MlOps.Specs.Model;

namespace MlOps.Specs.Formats;

/// <summary>
/// Every <c>data.format</c> the spec language knows, in documentation order. Adding a format is one
/// line here and one in MlOps.Core's DataFormatLoaders (docs/extending.md); a test checks both lists agree.
/// </summary>
public static class DataFormats
{
    public static readonly IReadOnlyList<DataFormatDefinition> All =
    [
        new(DataFormat.Csv, "csv", DataLayout.Table, path => Math.Max(0, TrainingRowCounter.Lines(path) - 1)),
        new(DataFormat.Jsonl, "jsonl", DataLayout.Table, path => TrainingRowCounter.Lines(path)),
        new(DataFormat.Idx, "idx", DataLayout.LabelFiles, TrainingRowCounter.IdxItems),
        new(DataFormat.ImageFolder, "imagefolder", DataLayout.ClassFolders, ImageFolderCount.Images),
        new(DataFormat.Images, "images", DataLayout.Table, ImageFolderCount.ManifestRows),
    ];

    public static DataFormatDefinition Of(DataFormat format) =>
        All.FirstOrDefault(d => d.Format == format) ?? throw new ArgumentOutOfRangeException(nameof(format), format, "no data format definition is registered in DataFormats.All");

    /// <summary>"csv and jsonl", for messages that list the formats of one layout.</summary>
    internal static string Names(DataLayout layout, string conjunction) =>
        Prose.List([.. All.Where(d => d.Layout == layout).Select(d => d.Name)], conjunction);
}
