using System.Text;

namespace Polyfills;

/// <summary>
/// .NET 6's <c>string.Create(provider, $"...")</c> and <c>StringBuilder.Append(provider, $"...")</c> for
/// .NET Framework: the same text, formatted through <see cref="FormattableString"/> instead of an
/// interpolated string handler (one intermediate string more).
/// </summary>
internal static class StringCreateFormatted
{
    extension(string)
    {
        public static string Create(IFormatProvider? provider, FormattableString text) => text.ToString(provider);
    }

    extension(StringBuilder builder)
    {
        public StringBuilder Append(IFormatProvider? provider, FormattableString text) => builder.Append(text.ToString(provider));
    }
}
