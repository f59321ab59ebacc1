using System.Globalization;

namespace MlOps.Contracts.IO;

/// <summary>
/// A double as the shortest text that reads back as the same value — what .NET Core 3+ writes — on
/// every host. .NET Framework's "R" is G15, else G17, and its System.Text.Json always writes G17
/// (0.1 → 0.10000000000000001): Visual Studio's MSBuild and the .NET SDK would otherwise write
/// different fingerprints and metric texts for the same numbers.
/// </summary>
public static class DoubleText
{
    public static string Format(double value)
    {
#if NETFRAMEWORK || NETSTANDARD
        // Shortest first. Fewer than 15 digits come out of G15 by themselves (it drops trailing zeros);
        // with 16-17 digits, .NET Core switches to E notation from 1E+15 where G16/G17 wait for 1E+16/17.
        for (var digits = 15; digits < 17; digits++)
        {
            var text = value.ToString("G" + digits, CultureInfo.InvariantCulture);
            if (double.Parse(text, CultureInfo.InvariantCulture).Equals(value))
            {
                return text;
            }
        }
        return value.ToString("G17", CultureInfo.InvariantCulture);
#else
        return value.ToString("R", CultureInfo.InvariantCulture);
#endif
    }
}
