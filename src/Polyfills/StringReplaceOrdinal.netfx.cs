namespace Polyfills;

/// <summary>string.Replace(old, new, StringComparison) for .NET Framework: its Replace is already ordinal.</summary>
internal static class StringReplaceOrdinal
{
    extension(string text)
    {
        public string Replace(string oldValue, string? newValue, StringComparison comparison) =>
            comparison == StringComparison.Ordinal
                ? text.Replace(oldValue, newValue)
                : throw new NotSupportedException($"only ordinal Replace is polyfilled, not {comparison}");
    }
}
