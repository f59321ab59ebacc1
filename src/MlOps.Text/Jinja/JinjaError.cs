namespace MlOps.Text.Jinja;

internal enum JinjaErrorKind { Syntax, Render, Raised }

/// <summary>A template fault at a line and column of the template: a syntax error, a failure while rendering, or the template's own raise_exception.</summary>
internal sealed class JinjaError(JinjaErrorKind kind, string message, int line, int column) : Exception(message)
{
    public JinjaErrorKind Kind { get; } = kind;

    public int Line { get; } = line;

    public int Column { get; } = column;

    public static JinjaError Parse(string message, int line, int column) => new(JinjaErrorKind.Syntax, message, line, column);

    public static JinjaError Render(string message, int line, int column) => new(JinjaErrorKind.Render, message, line, column);
}

/// <summary>raise_exception(message) from the template itself; placed at its call by <see cref="JinjaExpressions"/>.</summary>
internal sealed class JinjaRaised(string message) : Exception(message);
