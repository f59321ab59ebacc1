using System.Globalization;
using MlOps.Imaging;
using MlOps.Specs.Formats;
using MlOps.Specs.Model;

namespace MlOps.Core.Data;

/// <summary>
/// Image data as a table, so splitting, class lists and sensitive groups work as for CSV: an image
/// folder becomes columns [path, label] (one row per picture, in ordinal order of class then file
/// name; "line" is the row number), a manifest keeps its own columns with each path made absolute
/// (relative paths are relative to the manifest's folder).
/// </summary>
internal static class ImageFileTable
{
    public const string FolderPathColumn = "path";

    public static RawTable Read(DataSpec data, string path, string what, DataLoadOptions options, CancellationToken ct) =>
        data.Format == DataFormat.ImageFolder ? Folder(path, what, data) : Manifest(data, path, options, ct);

    public static string PathColumn(DataSpec data) => data.Format == DataFormat.ImageFolder ? FolderPathColumn : data.PathColumn ?? "path";

    private static RawTable Folder(string folder, string what, DataSpec data)
    {
        if (!Directory.Exists(folder))
        {
            throw DataError.File(DataErrorCodes.FileNotFound, folder, $"{what} folder does not exist; format: imagefolder takes a folder with one subfolder of images per class.");
        }
        var classes = Directory.GetDirectories(folder).Where(d => !IsHidden(d)).Order(StringComparer.Ordinal).ToList();
        if (classes.Count == 0)
        {
            throw DataError.File(DataErrorCodes.ImageClassFolderEmpty, folder, $"{what} holds no class subfolders; put each class's images in a subfolder named after the class (e.g. {what}/cat/1.jpg).");
        }
        var rows = new List<RawRow>();
        foreach (var classFolder in classes)
        {
            var files = Directory.GetFiles(classFolder).Where(f => !IsHidden(f)).Order(StringComparer.Ordinal).ToList();
            if (files.Count == 0)
            {
                throw DataError.File(DataErrorCodes.ImageClassFolderEmpty, classFolder, $"class folder '{Path.GetFileName(classFolder)}' holds no images; add some, or remove the folder.");
            }
            rows.AddRange(files.Select(f => new RawRow(rows.Count + 1, [f, Path.GetFileName(classFolder)])));
        }
        return new RawTable(folder, [FolderPathColumn, data.Label], rows);
    }

    private static RawTable Manifest(DataSpec data, string path, DataLoadOptions options, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw DataError.File(DataErrorCodes.FileNotFound, path, "the images manifest does not exist; give a CSV or JSON Lines file with a path and a label column.");
        }
        var table = ImageFolderCount.IsJsonLines(path) ? JsonlReader.Read(path, options, ct) : CsvReader.Read(path, options, ct);
        var column = PathColumn(data);
        var index = table.IndexOf(column);
        if (index < 0)
        {
            throw DataError.File(DataErrorCodes.ImagePathMissing, path,
                $"has no column '{column}' naming each image; its columns are [{string.Join(", ", table.Columns)}]. Name the path column with data.path_column.");
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var rows = new List<RawRow>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            if (string.IsNullOrWhiteSpace(row.Cells[index]))
            {
                throw DataError.Cell(DataErrorCodes.ImagePathMissing, path, row.Line, table.Columns, index, "the image path is empty.");
            }
            var cells = (string?[])row.Cells.Clone();
            cells[index] = Path.GetFullPath(row.Cells[index]!.Trim(), folder);
            if (!File.Exists(cells[index]) && !data.SkipUnreadable)
            {
                throw DataError.Cell(DataErrorCodes.ImagePathMissing, path, row.Line, table.Columns, index, string.Create(CultureInfo.InvariantCulture,
                    $"image '{row.Cells[index]}' does not exist (looked for '{cells[index]}'; paths are relative to the manifest's folder)."));
            }
            rows.Add(row with { Cells = cells });
        }
        return table.WithRows(rows);
    }

    private static bool IsHidden(string path) => Path.GetFileName(path).StartsWith('.');

    /// <summary>Each picture decoded once, in parallel: the rows whose file is not a readable image, with why.</summary>
    public static List<(RawRow Row, string Why)> Unreadable(RawTable table, int pathIndex, CancellationToken ct)
    {
        var bad = new System.Collections.Concurrent.ConcurrentBag<(RawRow, string)>();
        Parallel.ForEach(table.Rows, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount }, row =>
        {
            var file = row.Cells[pathIndex]!;
            if (!File.Exists(file))
            {
                bad.Add((row, "the file does not exist"));
            }
            else if (!ImageFile.HasImageExtension(file))
            {
                bad.Add((row, $"not an image file: its name ends in '{Path.GetExtension(file)}', pictures end in {string.Join(", ", ImageFile.Extensions)}"));
            }
            else
            {
                try
                {
                    using var image = ImageFile.Decode(file);
                }
                catch (ImageDecodeException e)
                {
                    bad.Add((row, e.Message));
                }
            }
        });
        return [.. bad.OrderBy(b => b.Item1.Line)];
    }
}
