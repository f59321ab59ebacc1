using System.Xml;
using System.Xml.Linq;
using Microsoft.Build.Framework;

namespace MlOps.Build.UpToDate;

/// <summary>
/// The file the cheap up-to-date check reads (MlOps.Build.UpToDate.targets): a project whose target
/// <c>Read</c> returns one <c>_MlOpsUpToDateRecord</c> item per record, its kind in metadata
/// <c>_MlOpsRecord</c>, every value MSBuild-escaped. Written atomically (a half-written file would
/// fail the build that reads it) and dated when the check that produced it started, so a file
/// changed while that build was running still counts as changed next time.
/// </summary>
internal static class UpToDateCacheFile
{
    public const string RecordMetadata = "_MlOpsRecord";

    public static void Write(string path, IEnumerable<(string Record, ITaskItem Item)> records, DateTime checkStartedUtc)
    {
        var project = new XElement("Project",
            new XComment(" Written by MlOps.Build after a build that found every spec up to date; read by the next build's cheap check. Safe to delete. "),
            new XElement("ItemGroup", records.Select(r => ToElement(r.Record, r.Item))),
            new XElement("Target", new XAttribute("Name", "Read"), new XAttribute("Returns", "@(_MlOpsUpToDateRecord)")));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            project.Save(temp);
            File.SetLastWriteTimeUtc(temp, checkStartedUtc);
            // Delete + move, not Move(overwrite) (absent from .NET Framework): a missing cache only costs the full check.
            File.Delete(path);
            File.Move(temp, path);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static XElement ToElement(string record, ITaskItem item)
    {
        var element = new XElement("_MlOpsUpToDateRecord", new XAttribute("Include", MsBuildEscaping.Escape(item.ItemSpec)), new XElement(RecordMetadata, record));
        foreach (var name in item.CloneCustomMetadata().Keys.Cast<string>().OrderBy(n => n, StringComparer.Ordinal))
        {
            // Metadata names become element names; a name MSBuild could not read back fails here, not in the next build.
            element.Add(new XElement(XmlConvert.VerifyNCName(name), MsBuildEscaping.Escape(item.GetMetadata(name))));
        }
        return element;
    }
}
