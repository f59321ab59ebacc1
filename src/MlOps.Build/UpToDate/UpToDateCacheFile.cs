using System.Xml;
using System.Xml.Linq;
using Microsoft.Build.Framework;

namespace MlOps.Build.UpToDate;

/// <summary>
/// The file the cheap up-to-date check imports (MlOps.Build.UpToDate.targets): a project with one
/// property group and item groups, every value MSBuild-escaped. Written atomically (a half-written
/// import would break evaluation) and dated when the check that produced it started, so a file
/// changed while that build was running still counts as changed next time.
/// </summary>
internal static class UpToDateCacheFile
{
    public static void Write(string path, IReadOnlyDictionary<string, string> properties,
        IEnumerable<(string ItemType, ITaskItem Item)> items, DateTime checkStartedUtc)
    {
        var project = new XElement("Project",
            new XComment(" Written by MlOps.Build after a build that found every spec up to date; read by the next build's cheap check. Safe to delete. "),
            new XElement("PropertyGroup", properties.Select(p => new XElement(p.Key, MsBuildEscaping.Escape(p.Value)))),
            new XElement("ItemGroup", items.Select(i => ToElement(i.ItemType, i.Item))));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            project.Save(temp);
            File.SetLastWriteTimeUtc(temp, checkStartedUtc);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static XElement ToElement(string itemType, ITaskItem item)
    {
        var element = new XElement(itemType, new XAttribute("Include", MsBuildEscaping.Escape(item.ItemSpec)));
        foreach (var name in item.CloneCustomMetadata().Keys.Cast<string>().Order(StringComparer.Ordinal))
        {
            // Metadata names become element names; a name MSBuild could not read back fails here, not in the next evaluation.
            element.Add(new XElement(XmlConvert.VerifyNCName(name), MsBuildEscaping.Escape(item.GetMetadata(name))));
        }
        return element;
    }
}
