using System.Globalization;
using MlOps.Contracts.Results;

namespace MlOps.Contracts.Diagnostics;

public enum DiagnosticSeverity { Error, Warning }

/// <summary>
/// A problem with a place: printed in MSBuild's canonical format
/// (<c>file(line,col): error MLOPS012: message</c>, no subcategory word) so that MSBuild,
/// IDEs and GitHub's problem matchers all pick it up. Always one line: a message carries data
/// (labels, group values, paths), so its control characters are escaped (<see cref="PrintableText"/>).
/// </summary>
public sealed record Diagnostic(DiagnosticSeverity Severity, string Code, string Message, SourceLocation Location)
{
    public static Diagnostic Error(string code, string message, SourceLocation location) =>
        new(DiagnosticSeverity.Error, code, message, location);

    public static Diagnostic Warning(string code, string message, SourceLocation location) =>
        new(DiagnosticSeverity.Warning, code, message, location);

    public bool IsError => Severity == DiagnosticSeverity.Error;

    public override string ToString()
    {
        var kind = IsError ? "error" : "warning";
        var where = Location.Line > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{Location.File}({Location.Line},{Location.Column})")
            : Location.File;
        return $"{PrintableText.OneLine(where)}: {kind} {Code}: {PrintableText.OneLine(Message)}";
    }
}
