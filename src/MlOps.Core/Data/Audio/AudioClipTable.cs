using System.Globalization;
using MlOps.Specs.Formats;

namespace MlOps.Core.Data.Audio;

/// <summary>
/// The clips of one split as a table, so that splitting, labels and sensitive groups work as for
/// CSV rows: an audiofolder becomes columns (path, label), one row per clip in ordinal order (its
/// "line" the clip's position); a manifest keeps its own columns and lines. The path cell is made
/// absolute (manifest paths are relative to the manifest's folder) and must name an existing file.
/// </summary>
internal static class AudioClipTable
{
    public const string FolderPathColumn = "path";
    public const string FolderLabelColumn = "label";

    public static RawTable FromFolder(string folder)
    {
        var classFolders = AudioFiles.ClassFolders(folder);
        if (classFolders.Count == 0)
        {
            throw DataError.File(DataErrorCodes.AudioClassEmpty, folder, "holds no class folders; format: audiofolder expects one subfolder of WAV or FLAC clips per class (e.g. train/yes/0001.wav).");
        }
        var rows = new List<RawRow>();
        foreach (var classFolder in classFolders)
        {
            var clips = AudioFiles.Clips(classFolder);
            if (clips.Count == 0)
            {
                throw DataError.File(DataErrorCodes.AudioClassEmpty, classFolder,
                    $"class folder '{Path.GetFileName(classFolder)}' holds no WAV or FLAC clip ({string.Join(", ", AudioFiles.Extensions)}); add clips or remove the folder.");
            }
            foreach (var clip in clips)
            {
                rows.Add(new RawRow(rows.Count + 1, [clip, Path.GetFileName(classFolder)]));
            }
        }
        return new RawTable(folder, [FolderPathColumn, FolderLabelColumn], rows);
    }

    public static RawTable FromManifest(string manifest, string pathColumn, DataLoadOptions options, CancellationToken ct)
    {
        var table = AudioFiles.IsJsonl(manifest) ? JsonlReader.Read(manifest, options, ct) : CsvReader.Read(manifest, options, ct);
        var index = table.IndexOf(pathColumn);
        if (index < 0)
        {
            throw DataError.At(DataErrorCodes.AudioClipMissing, manifest, 1, 1,
                $"has no column '{pathColumn}' with the clips' paths (columns: {string.Join(", ", table.Columns)}); name it with data.audio.path_column.");
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(manifest)) ?? ".";
        var rows = new List<RawRow>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            var written = row.Cells[index]?.Trim();
            if (string.IsNullOrEmpty(written))
            {
                throw DataError.Cell(DataErrorCodes.AudioClipMissing, manifest, row.Line, table.Columns, index, "the clip's path is empty.");
            }
            var full = Path.GetFullPath(written, folder);
            if (!File.Exists(full))
            {
                throw DataError.Cell(DataErrorCodes.AudioClipMissing, manifest, row.Line, table.Columns, index,
                    string.Create(CultureInfo.InvariantCulture, $"clip '{written}' does not exist (looked for '{full}'; paths are relative to the manifest's folder)."));
            }
            var cells = (string?[])row.Cells.Clone();
            cells[index] = full;
            rows.Add(row with { Cells = cells });
        }
        return table.WithRows(rows);
    }
}
