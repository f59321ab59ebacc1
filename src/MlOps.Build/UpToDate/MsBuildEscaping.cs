using System.Text;

namespace MlOps.Build.UpToDate;

/// <summary>
/// MSBuild's %XX escaping, so a path or value with <c>; % $ @ ' ( ) * ?</c> reads back from a
/// project file exactly as it was written (Microsoft.Build's own escaper is not in the task API).
/// </summary>
internal static class MsBuildEscaping
{
    private const string Special = "%*?@$();'";

    public static string Escape(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            _ = Special.Contains(c) ? text.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture)) : text.Append(c);
        }
        return text.ToString();
    }
}
