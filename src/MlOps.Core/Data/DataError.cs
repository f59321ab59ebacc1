using System.Globalization;
using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Model;

namespace MlOps.Core.Data;

/// <summary>
/// Builds the data stage's exceptions. Location: the data file, the 1-based line where the record
/// starts and the 1-based column (field) number; the message names the column too.
/// </summary>
internal static class DataError
{
    public static MlOpsException At(string code, string file, int line, int column, string message) =>
        new(Diagnostic.Error(code, message, new SourceLocation(file, line, column)));

    public static MlOpsException Spec(string code, SourceLocation location, string message) =>
        new(Diagnostic.Error(code, message, location));

    public static MlOpsException File(string code, string file, string message) =>
        new(Diagnostic.Error(code, message, SourceLocation.None(file)));

    public static MlOpsException Cell(string code, string file, int line, IReadOnlyList<string> columns, int index, string message) =>
        At(code, file, line, index + 1, string.Create(CultureInfo.InvariantCulture,
            $"row at line {line}, column '{columns[index]}' (#{index + 1}): {message}"));
}
