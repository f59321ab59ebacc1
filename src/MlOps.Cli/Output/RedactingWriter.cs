using System.Text;
using MlOps.Core.Host;

namespace MlOps.Cli.Output;

/// <summary>
/// A text sink that passes every string written to it through <see cref="KnownSecrets.Redact"/>
/// first. Each written string is redacted as a whole: the product writes a line (or a rendered
/// segment) per call, so a secret is never split across two writes. Single characters pass as they are.
/// </summary>
internal sealed class RedactingWriter(TextWriter inner, Func<KnownSecrets> secrets) : TextWriter(inner.FormatProvider)
{
    public override Encoding Encoding => inner.Encoding;

    private string? Clean(string? value) => string.IsNullOrEmpty(value) ? value : secrets().Redact(value);

    public override void Write(char value) => inner.Write(value);

    public override void Write(string? value) => inner.Write(Clean(value));

    public override void Write(char[] buffer, int index, int count) => inner.Write(Clean(new string(buffer, index, count)));

    public override void WriteLine(string? value) => inner.WriteLine(Clean(value));

    public override Task WriteAsync(string? value) => inner.WriteAsync(Clean(value));

    public override Task WriteAsync(char[] buffer, int index, int count) => inner.WriteAsync(Clean(new string(buffer, index, count)));

    public override Task WriteLineAsync(string? value) => inner.WriteLineAsync(Clean(value));

    public override Task WriteLineAsync(char[] buffer, int index, int count) => inner.WriteLineAsync(Clean(new string(buffer, index, count)));

    public override void Flush() => inner.Flush();

    public override Task FlushAsync() => inner.FlushAsync();
}
